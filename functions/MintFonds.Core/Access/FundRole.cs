namespace MintFonds.Core.Access;

/// <summary>What a person may do in one fund.</summary>
public enum FundRole
{
    /// <summary>Fund office (Geschäftsstelle): manages the fund, its calls, payments and roles.</summary>
    Office,

    /// <summary>Board member (Vergabegremium): reads everything and decides on applications.</summary>
    Board,

    /// <summary>Auditor (Prüfung): reads everything, changes nothing.</summary>
    Auditor,
}
