namespace MintFonds.Functions.Receipts.Wording;

/// <summary>Texts of a sponsoring invoice. Placeholders in braces.</summary>
public sealed record SponsoringInvoiceWording
{
    /// <summary>PDF title: {number}.</summary>
    public required string DocumentTitle { get; init; }

    public required string Title { get; init; }

    public required string NumberLabel { get; init; }

    public required string DateLabel { get; init; }

    public required string VatIdLabel { get; init; }

    /// <summary>§ 14 Abs. 4 Nr. 2 UStG: the issuer's tax number where it has no VAT id.</summary>
    public required string TaxNumberLabel { get; init; }

    public required string ServiceLabel { get; init; }

    public required string ServicePeriodLabel { get; init; }

    /// <summary>{from}, {to}.</summary>
    public required string ServicePeriod { get; init; }

    public required string AmountColumn { get; init; }

    public required string NetLabel { get; init; }

    /// <summary>{rate}: the VAT rate in percent, German number format.</summary>
    public required string VatLabel { get; init; }

    public required string GrossLabel { get; init; }

    public required string ExemptTotalLabel { get; init; }

    /// <summary>{date}, {reference}.</summary>
    public required string PaymentNote { get; init; }
}
