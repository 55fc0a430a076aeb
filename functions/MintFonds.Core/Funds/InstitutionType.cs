namespace MintFonds.Core.Funds;

/// <summary>Kinds of education partners that may apply.</summary>
public enum InstitutionType
{
    Kita,
    Grundschule,
    WeiterfuehrendeSchule,
    BerufsbildendeSchule,
    Hochschule,
    AusserschulischerLernort,
    FoerdervereinVerein,
    Sonstige,
}
