namespace MintFonds.Functions.Receipts.Wording;

/// <summary>Texts of the donation receipt page, in the order of the official template. Placeholders in braces.</summary>
public sealed record DonationReceiptWording
{
    /// <summary>PDF title of an individual receipt: {number}.</summary>
    public required string DocumentTitle { get; init; }

    /// <summary>PDF title of a collective receipt: {number}.</summary>
    public required string CollectiveDocumentTitle { get; init; }

    public required string IssuerLabel { get; init; }

    public required string Title { get; init; }

    public required string CollectiveTitle { get; init; }

    public required string TitleQualifier { get; init; }

    /// <summary>{number}.</summary>
    public required string NumberLine { get; init; }

    /// <summary>{replaced}.</summary>
    public required string ReplacesLine { get; init; }

    public required string DonorLabel { get; init; }

    public required string AmountFiguresLabel { get; init; }

    public required string CollectiveAmountFiguresLabel { get; init; }

    public required string AmountWordsLabel { get; init; }

    public required string DonationDateLabel { get; init; }

    public required string PeriodLabel { get; init; }

    /// <summary>{from}, {to}.</summary>
    public required string Period { get; init; }

    public required string ExpenseWaiverQuestion { get; init; }

    public required string Yes { get; init; }

    public required string No { get; init; }

    public required string CollectiveExpenseWaiver { get; init; }

    /// <summary>{purpose}: the fund's purpose text.</summary>
    public required string PurposeConfirmation { get; init; }

    public required string UseDirect { get; init; }

    /// <summary>{recipient}, {exemption}.</summary>
    public required string UsePassedOn { get; init; }

    public required string NoOtherReceipts { get; init; }

    /// <summary>{place}, {date}.</summary>
    public required string PlaceAndDate { get; init; }

    public required string SignatureLabel { get; init; }

    public required string MachineMadeNote { get; init; }

    public required string NoticeHeading { get; init; }

    public required string LiabilityNotice { get; init; }
}
