namespace MintFonds.Functions.Http;

/// <summary>Ends a request with a problem answer; thrown by services and readers, turned into a response by <see cref="HttpApi"/>.</summary>
public sealed class ProblemException(ApiProblem problem) : Exception(problem.Title)
{
    public ApiProblem Problem { get; } = problem;
}
