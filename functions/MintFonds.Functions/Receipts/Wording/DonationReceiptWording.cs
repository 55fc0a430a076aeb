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

    /// <summary>R 10b.1 Abs. 4 EStR: the notification of the machine procedure; {taxOffice}, {date}.</summary>
    public required string MachineMadeNote { get; init; }

    /// <summary>Under the signature line: {name}, {function}.</summary>
    public required string SignatoryLine { get; init; }

    /// <summary>The exemption of the body donations are passed on to: {taxOffice}, {taxNumber}, {notice}, {date}.</summary>
    public required string Exemption { get; init; }

    public required string NoticeFreistellungsbescheid { get; init; }

    public required string NoticeAnlageKoerperschaftsteuerbescheid { get; init; }

    public required string NoticeFeststellungsbescheid60a { get; init; }

    /// <summary>§ 63 Abs. 5 AO notice, printed only on receipts for passed-on donations.</summary>
    public required string PassOnNotice { get; init; }

    public required string NoticeHeading { get; init; }

    public required string LiabilityNotice { get; init; }
}
