using MintFonds.Core.Funds;
using MintFonds.Core.Money;

namespace MintFonds.Core.Receipts;

/// <summary>
/// Everything printed on a donation receipt (Zuwendungsbestätigung) of a legal person under public law: either an individual
/// receipt for one donation or a collective receipt (Sammelbestätigung) with an annex. Built only through
/// <see cref="Individual"/> and <see cref="Collective"/>, which refuse inconsistent data: a wrong receipt makes the issuer
/// liable for the lost tax (§ 10b Abs. 4 EStG), so it must fail here rather than be printed.
/// </summary>
public sealed record DonationReceiptDocument
{
    private DonationReceiptDocument(
        DonationReceiptKind kind,
        string number,
        FundOperator issuer,
        Addressee donor,
        Euro amount,
        string amountInWords,
        DateOnly? donationDate,
        DatePeriod? period,
        IReadOnlyList<DonationAnnexRow> annex,
        DateOnly issueDate,
        DonationUse use,
        string? replaces)
    {
        DocumentRules.RequireText(number, nameof(number));
        DocumentRules.RequireIssuer(issuer);
        ArgumentNullException.ThrowIfNull(donor);
        donor.Check("Donor");
        DocumentRules.RequirePositive(amount, nameof(amount));
        DocumentRules.RequireText(amountInWords, nameof(amountInWords));

        // The words must state the figures (BMF template: amount in figures and in words); a mismatch is never printed.
        if (!string.Equals(amountInWords.Trim(), GermanAmountInWords.For(amount), StringComparison.Ordinal))
        {
            throw new ArgumentException($"The amount in words \"{amountInWords}\" does not state {amount.ToGermanString()}.", nameof(amountInWords));
        }
        ArgumentNullException.ThrowIfNull(use);
        if (replaces is not null)
        {
            DocumentRules.RequireText(replaces, nameof(replaces));
            if (string.Equals(replaces.Trim(), number.Trim(), StringComparison.Ordinal))
            {
                throw new ArgumentException("A receipt cannot replace itself.", nameof(replaces));
            }
        }

        Kind = kind;
        Number = number.Trim();
        Issuer = issuer;
        Donor = donor;
        Amount = amount;
        AmountInWords = amountInWords.Trim();
        DonationDate = donationDate;
        Period = period;
        Annex = annex;
        IssueDate = issueDate;
        Use = use;
        Replaces = replaces?.Trim();
    }

    public DonationReceiptKind Kind { get; }

    /// <summary>Sequential per fund and year, e.g. "2026-0001".</summary>
    public string Number { get; }

    public FundOperator Issuer { get; }

    public Addressee Donor { get; }

    /// <summary>The donation (single receipt) or the total of all listed donations (collective receipt).</summary>
    public Euro Amount { get; }

    /// <summary>The amount in whole words, e.g. "eintausendzweihundertfünfzig Euro"; given by the caller.</summary>
    public string AmountInWords { get; }

    /// <summary>Day of the donation; only on a single receipt.</summary>
    public DateOnly? DonationDate { get; }

    /// <summary>Period covered; only on a collective receipt.</summary>
    public DatePeriod? Period { get; }

    /// <summary>Every donation covered, oldest first; empty on a single receipt.</summary>
    public IReadOnlyList<DonationAnnexRow> Annex { get; }

    public DateOnly IssueDate { get; }

    public DonationUse Use { get; }

    /// <summary>Number of the cancelled receipt this one replaces, if any.</summary>
    public string? Replaces { get; }

    public static DonationReceiptDocument Individual(
        string number,
        FundOperator issuer,
        Addressee donor,
        Euro amount,
        string amountInWords,
        DateOnly donationDate,
        DateOnly issueDate,
        DonationUse? use = null,
        string? replaces = null)
    {
        if (issueDate < donationDate)
        {
            throw new ArgumentException("A receipt cannot be issued before the donation was made.", nameof(issueDate));
        }

        return new DonationReceiptDocument(
            DonationReceiptKind.Individual, number, issuer, donor, amount, amountInWords, donationDate, null, [], issueDate,
            use ?? DonationUse.Direct, replaces);
    }

    /// <summary>A Sammelbestätigung: the annex must list at least one donation, all inside the period, adding up to the total.</summary>
    public static DonationReceiptDocument Collective(
        string number,
        FundOperator issuer,
        Addressee donor,
        DatePeriod period,
        Euro total,
        string totalInWords,
        IEnumerable<DonationAnnexRow> annex,
        DateOnly issueDate,
        DonationUse? use = null,
        string? replaces = null)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(annex);
        var rows = annex.OrderBy(row => row.Date).ToList();
        if (rows.Count == 0)
        {
            throw new ArgumentException("A collective receipt lists at least one donation in its annex.", nameof(annex));
        }

        var sum = Euro.Zero;
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(annex));
            DocumentRules.RequirePositive(row.Amount, "annex amount");
            if (!period.Contains(row.Date))
            {
                throw new ArgumentException($"The donation of {row.Date:yyyy-MM-dd} lies outside the period.", nameof(annex));
            }

            sum += row.Amount;
        }

        if (sum != total)
        {
            throw new ArgumentException(
                $"The annex adds up to {sum.ToGermanString()}, the receipt states {total.ToGermanString()}.", nameof(total));
        }

        if (issueDate < rows[^1].Date)
        {
            throw new ArgumentException("A receipt cannot be issued before the donations were made.", nameof(issueDate));
        }

        return new DonationReceiptDocument(
            DonationReceiptKind.Collective, number, issuer, donor, total, totalInWords, null, period, rows.AsReadOnly(),
            issueDate, use ?? DonationUse.Direct, replaces);
    }
}
