namespace MintFonds.Core.Pledges;

public enum SponsorType
{
    Unternehmen,
    Stiftung,
    OeffentlicheEinrichtung,
    Privatperson,
}

public enum PledgeSchedule
{
    OneOff,
    Yearly,
}

/// <summary>Donation (nothing in return: donation receipt) or sponsoring (a right to be named: an invoice). Never both.</summary>
public enum PledgeKind
{
    Donation,
    Sponsoring,
}

public enum ReceiptPreference
{
    /// <summary>One donation receipt per payment.</summary>
    PerPayment,

    /// <summary>One collective receipt (Sammelbestätigung) per calendar year.</summary>
    CollectiveYearly,
}
