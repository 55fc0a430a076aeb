using MintFonds.Core.Money;

namespace MintFonds.Core.Workflow;

/// <summary>The office's assessment: each of the fund's criteria scored 1–5 with an optional comment, and a recommendation.</summary>
public sealed record Assessment(
    string AssessorId,
    IReadOnlyList<CriterionScore> Scores,
    string? Comment,
    Recommendation Recommendation,
    DateTimeOffset At);

public sealed record CriterionScore(string Criterion, int Score, string? Comment);

public enum Recommendation
{
    Approve,
    Reject,
}

/// <summary>What an approval grants: at most the requested amount, the conditions, and when the proof of use is due.</summary>
public sealed record GrantTerms(Euro GrantedAmount, string? Conditions, DateOnly ProofOfUseDueOn);

/// <summary>The office's hand-over to the board: who handed over, the proposed terms, and the recommendation.</summary>
public sealed record BoardSubmission(string SubmittedBy, GrantTerms ProposedTerms, Recommendation Recommendation, DateTimeOffset At);

public enum VoteChoice
{
    Approve,
    Reject,
}

/// <summary>One board member's vote; each member votes once per application.</summary>
public sealed record BoardVote(string PrincipalId, VoteChoice Choice, string? Comment, DateTimeOffset At);

/// <summary>A previous version of an application, kept when the applicant resubmits it.</summary>
public sealed record ApplicationVersionInfo(int Number, DateTimeOffset ReplacedAt);

/// <summary>
/// Counting a board's votes: a decision needs <c>required</c> equal votes (a fund setting, default 1; e.g. 2 of a
/// board of 3). Whichever side reaches it first decides; with 2 of 3 that is a simple majority either way.
/// </summary>
public static class BoardTally
{
    public static VoteChoice? Outcome(IEnumerable<BoardVote> votes, int required)
    {
        var list = votes.ToList();
        if (list.Count(v => v.Choice == VoteChoice.Approve) >= required)
        {
            return VoteChoice.Approve;
        }

        return list.Count(v => v.Choice == VoteChoice.Reject) >= required ? VoteChoice.Reject : null;
    }
}
