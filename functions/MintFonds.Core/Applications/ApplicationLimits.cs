namespace MintFonds.Core.Applications;

/// <summary>Size limits of an application; the public form reads them from the open-calls answer.</summary>
public static class ApplicationLimits
{
    public const int TitleMaxLength = 200;
    public const int SummaryMaxLength = 5000;
    public const int MaxBudgetLines = 50;
    public const int BudgetLineDescriptionMaxLength = 200;
    public const int NameMaxLength = 200;
    public const int PersonNameMaxLength = 100;
    public const int MaxParticipants = 100_000;

    /// <summary>How far ahead a project may start, and how long it may run.</summary>
    public const int MaxDaysUntilStart = 2 * 366;
    public const int MaxProjectDays = 3 * 366;
}
