using System.Globalization;
using System.Text;
using MintFonds.Core.Money;
using MintFonds.Core.Validation;

namespace MintFonds.Core.Payments;

/// <summary>Builds the payload of a GiroCode / EPC QR code (EPC069-12, version 002, UTF-8, SEPA credit transfer).</summary>
/// <remarks>
/// Lines are separated by LF. Empty optional lines at the end are left out and no LF follows the last line, as the
/// standard allows and banking apps accept; with that one rule the same transfer always gives the same payload.
/// All text is transliterated to the SEPA Latin set first, so the payload is plain ASCII and its UTF-8 bytes are its
/// characters.
/// </remarks>
public static class GiroCode
{
    /// <summary>Largest payload the standard allows; it fills a QR code of version 13 at error-correction level M.</summary>
    public const int MaxPayloadBytes = 331;

    public const int MaxBeneficiaryNameLength = 70;
    public const int MaxRemittanceTextLength = 140;
    public const int MaxNoteToPayerLength = 70;
    public const int MaxPurposeCodeLength = 4;

    public static string Payload(GiroCodeTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);

        var name = Text(transfer.BeneficiaryName, MaxBeneficiaryNameLength, nameof(transfer.BeneficiaryName));
        if (name.Length == 0)
        {
            throw FieldError(nameof(transfer.BeneficiaryName), "The beneficiary name is required.");
        }

        var reference = StructuredReference(transfer.StructuredReference);
        var remittance = Text(transfer.RemittanceText, MaxRemittanceTextLength, nameof(transfer.RemittanceText));
        if (reference.Length > 0 && remittance.Length > 0)
        {
            throw FieldError(nameof(transfer.RemittanceText), "A GiroCode carries a structured reference or a remittance text, not both.");
        }

        var lines = new List<string>
        {
            "BCD",
            "002",
            "1",
            "SCT",
            BicLine(transfer.Bic),
            name,
            IbanLine(transfer.Iban),
            AmountLine(transfer.Amount),
            PurposeCode(transfer.PurposeCode),
            reference,
            remittance,
            Text(transfer.NoteToPayer, MaxNoteToPayerLength, nameof(transfer.NoteToPayer)),
        };

        while (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var payload = string.Join('\n', lines);
        var bytes = Encoding.UTF8.GetByteCount(payload);
        if (bytes > MaxPayloadBytes)
        {
            throw new ArgumentException(
                $"The GiroCode payload has {bytes} bytes, at most {MaxPayloadBytes} are allowed; shorten the remittance text or the note to the payer.",
                nameof(transfer));
        }

        return payload;
    }

    private static string Text(string? value, int maxLength, string field)
    {
        var text = SepaText.Transliterate(value);
        return text.Length <= maxLength
            ? text
            : throw FieldError(field, $"{field} has {text.Length} characters after transliteration, at most {maxLength} are allowed.");
    }

    private static string BicLine(string? bic)
    {
        if (string.IsNullOrWhiteSpace(bic))
        {
            return string.Empty;
        }

        var canonical = bic.Trim().ToUpperInvariant();
        return Bic.IsValid(canonical) ? canonical : throw FieldError(nameof(GiroCodeTransfer.Bic), "The BIC is not valid.");
    }

    private static string IbanLine(string iban)
    {
        // The IBAN is personal data: the message names the field, never the value.
        return Iban.IsValid(iban) ? Iban.Canonical(iban) : throw FieldError(nameof(GiroCodeTransfer.Iban), "The IBAN is not valid.");
    }

    private static string AmountLine(Euro? amount)
    {
        if (amount is not { } value)
        {
            return string.Empty;
        }

        if (value.Cents < 1 || value > Euro.Max)
        {
            throw AmountError(nameof(GiroCodeTransfer.Amount), value);
        }

        return "EUR" + value.ToDecimal().ToString("0.00", CultureInfo.InvariantCulture);
    }

    private static string PurposeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return string.Empty;
        }

        var canonical = code.Trim().ToUpperInvariant();
        return canonical.Length <= MaxPurposeCodeLength && canonical.All(char.IsAsciiLetter)
            ? canonical
            : throw FieldError(nameof(GiroCodeTransfer.PurposeCode), $"The purpose code is 1 to {MaxPurposeCodeLength} letters (ISO 20022, e.g. CHAR).");
    }

    private static string StructuredReference(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return string.Empty;
        }

        return CreditorReference.IsValid(reference)
            ? CreditorReference.Canonical(reference)
            : throw FieldError(nameof(GiroCodeTransfer.StructuredReference), "The structured reference is not a valid ISO 11649 creditor reference (RF...).");
    }

    // The caller hands in one record; ParamName names the property to fix rather than the record parameter itself.
    private static ArgumentException FieldError(string field, string message) => new(message, field);

    private static ArgumentOutOfRangeException AmountError(string field, Euro amount) =>
        new(field, amount, "A GiroCode amount is 0.01 to 999,999,999.99 EUR.");
}
