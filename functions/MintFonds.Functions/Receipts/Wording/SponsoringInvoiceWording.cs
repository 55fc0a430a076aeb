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
