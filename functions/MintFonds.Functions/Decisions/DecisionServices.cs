using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MintFonds.Functions.Decisions;

/// <summary>Registration of the review and decision capability (office steps, board votes, resubmission, healing).</summary>
public static class DecisionServices
{
    public static IServiceCollection AddDecisions(this IServiceCollection services)
    {
        services.TryAddSingleton<IDecisionSteps, NoDecisionSteps>();
        services.AddSingleton<ApplicationStore>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<ResubmissionService>();
        services.AddSingleton<BoardService>();
        services.AddSingleton<DecisionSync>();
        return services;
    }
}
