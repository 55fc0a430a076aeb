using MintFonds.Core.Validation;
using MintFonds.Functions.Http;

namespace MintFonds.Functions.Privacy;

/// <summary>Body of the export and erasure calls: the person's e-mail address, sent in the body so it never sits in a URL or a request log.</summary>
public sealed record PersonRequest
{
    public string? Email { get; init; }

    /// <summary>The checked address, or 422 naming the field.</summary>
    public static string CheckedEmail(string? email)
    {
        var check = new InputChecker();
        var checkedEmail = check.Email("email", email?.Trim());
        return checkedEmail ?? throw new ProblemException(Problems.Validation(check.Errors));
    }
}

/// <summary>The optional consents a person can withdraw.</summary>
public enum ConsentKind
{
    /// <summary>Publishing an application's project (title, institution, summary) in reports and on the transparency page.</summary>
    PublishProject,

    /// <summary>Naming a sponsor publicly (name only, never ranked by amount, never linked).</summary>
    PublicName,
}

/// <summary>Body of the consent withdrawal.</summary>
public sealed record ConsentWithdrawalInput
{
    public string? Email { get; init; }

    public ConsentKind? Consent { get; init; }

    /// <summary>Only this application (publishProject) or pledge (publicName); without it, every one of the person in the fund.</summary>
    public string? Reference { get; init; }
}

/// <summary>The answer to an erasure request: what was done with each record and why.</summary>
public sealed record ErasureReport(
    string FundId, DateTimeOffset ErasedAt, int Erased, int Anonymised, int Restricted, IReadOnlyList<PrivacyAction> Actions);

public enum ConsentState
{
    /// <summary>Withdrawn by this request.</summary>
    Withdrawn,

    /// <summary>Withdrawn before; the first withdrawal's time stands.</summary>
    AlreadyWithdrawn,

    /// <summary>The consent was never given: nothing to withdraw.</summary>
    NeverGiven,
}

/// <summary>One record whose consent the request concerned.</summary>
public sealed record ConsentChange(string Record, ConsentState State, DateTimeOffset? WithdrawnAt);

/// <summary>The answer to a consent withdrawal.</summary>
public sealed record ConsentWithdrawalReport(string FundId, ConsentKind Consent, IReadOnlyList<ConsentChange> Records);
