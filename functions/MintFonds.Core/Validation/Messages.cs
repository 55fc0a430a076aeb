namespace MintFonds.Core.Validation;

/// <summary>The German wording of validation messages, in one place so the office can review it.</summary>
public static class Messages
{
    public const string Required = "Bitte ausfüllen: Dieses Feld ist ein Pflichtfeld.";
    public const string ControlCharacters = "Enthält unzulässige Steuerzeichen.";
    public const string InvalidCharacters =
        "Enthält ungültige Zeichen (ein einzelnes Ersatzzeichen oder ein Unicode-Nichtzeichen); bitte den Text neu eingeben statt ihn einzufügen.";
    public const string Email = "Bitte eine gültige E-Mail-Adresse angeben (z. B. name@schule.de).";
    public const string Phone = "Bitte eine gültige Telefonnummer angeben (Ziffern, Leerzeichen, +, -, /, Klammern).";
    public const string Iban = "Die IBAN ist ungültig (Länge oder Prüfsumme stimmt nicht).";
    public const string Bic = "Die BIC ist ungültig (8 oder 11 Zeichen, z. B. MALADE51MNZ).";
    public const string Slug = "Nur Kleinbuchstaben a–z, Ziffern und Bindestriche, 2–40 Zeichen, nicht am Anfang oder Ende ein Bindestrich.";
    public const string PostalCode = "Bitte eine fünfstellige Postleitzahl angeben.";
    public const string Url = "Bitte eine vollständige https-Adresse angeben.";
    public const string Duplicate = "Dieser Eintrag kommt doppelt vor.";

    public static string MaxLength(int max) => $"Darf höchstens {max} Zeichen lang sein.";

    public static string Range(decimal min, decimal max) => $"Muss zwischen {min} und {max} liegen.";

    public static string MaxItems(int max) => $"Höchstens {max} Einträge sind erlaubt.";

    public static string AmountRange(string min, string max) => $"Der Betrag muss zwischen {min} und {max} liegen.";
}
