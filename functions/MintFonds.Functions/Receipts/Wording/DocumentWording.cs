using System.Globalization;
using System.Text.Json;
using MintFonds.Core.Json;

namespace MintFonds.Functions.Receipts.Wording;

/// <summary>
/// Every word printed on receipts and invoices, read from document-wording.de.json (an embedded resource) so the fund
/// office can correct wording in one file without touching layout code. Missing keys fail at load.
/// </summary>
public sealed record DocumentWording
{
    private const string ResourceName = "MintFonds.Receipts.document-wording.de.json";

    private static readonly Lazy<DocumentWording> GermanWording = new(() => Load(ResourceName));

    /// <summary>The wording shipped with the app.</summary>
    public static DocumentWording German => GermanWording.Value;

    /// <summary>A .NET date format, e.g. "dd.MM.yyyy".</summary>
    public required string DateFormat { get; init; }

    /// <summary>Footer of documents with more than one page: {page}, {pages}.</summary>
    public required string PageOfPages { get; init; }

    public required DonationReceiptWording DonationReceipt { get; init; }

    public required AnnexWording Annex { get; init; }

    public required SponsoringInvoiceWording SponsoringInvoice { get; init; }

    public string Date(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);

    internal static DocumentWording Load(string resourceName)
    {
        using var stream = typeof(DocumentWording).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The wording resource '{resourceName}' is missing from the assembly.");
        return JsonSerializer.Deserialize<DocumentWording>(stream, MintFondsJson.Storage)
            ?? throw new InvalidOperationException($"The wording resource '{resourceName}' is empty.");
    }
}
