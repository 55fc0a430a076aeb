namespace MintFonds.Core.Funds;

/// <summary>Stages of the education chain a project can address.</summary>
public enum EducationStage
{
    Kita,
    Primarstufe,
    SekundarstufeI,
    SekundarstufeII,
    BeruflicheBildung,
    UebergangStudiumAusbildung,
}
