namespace MintFonds.Core.Funds;

/// <summary>The German wording a web form shows for each choice.</summary>
public static class GermanLabels
{
    public static string For(EducationStage stage) => stage switch
    {
        EducationStage.Kita => "Kita",
        EducationStage.Primarstufe => "Primarstufe",
        EducationStage.SekundarstufeI => "Sekundarstufe I",
        EducationStage.SekundarstufeII => "Sekundarstufe II",
        EducationStage.BeruflicheBildung => "Berufliche Bildung",
        EducationStage.UebergangStudiumAusbildung => "Übergang Studium/Ausbildung",
        _ => stage.ToString(),
    };

    public static string For(InstitutionType type) => type switch
    {
        InstitutionType.Kita => "Kita",
        InstitutionType.Grundschule => "Grundschule",
        InstitutionType.WeiterfuehrendeSchule => "Weiterführende Schule",
        InstitutionType.BerufsbildendeSchule => "Berufsbildende Schule",
        InstitutionType.Hochschule => "Hochschule",
        InstitutionType.AusserschulischerLernort => "Außerschulischer Lernort",
        InstitutionType.FoerdervereinVerein => "Förderverein/Verein",
        InstitutionType.Sonstige => "Sonstige",
        _ => type.ToString(),
    };

    public static string For(MintField field) => field switch
    {
        MintField.Mathematik => "Mathematik",
        MintField.Informatik => "Informatik",
        MintField.Naturwissenschaften => "Naturwissenschaften",
        MintField.Technik => "Technik",
        _ => field.ToString(),
    };
}
