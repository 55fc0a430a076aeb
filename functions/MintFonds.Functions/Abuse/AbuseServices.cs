using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MintFonds.Functions.Platform.RateLimits;

namespace MintFonds.Functions.Abuse;

/// <summary>Registration of the abuse resistance: the "Abuse" settings, the shared counters and the form guard.</summary>
public static class AbuseServices
{
    public static IServiceCollection AddAbuseResistance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AbuseSettings>().Bind(configuration.GetSection("Abuse"))
            .Validate(settings => settings.IsValid(), "Abuse: the limits must be at least 1 (confirmations per day and the minimum fill time at least 0), the challenge lifetime 1 to 168 hours, the proof of work 1 to 32 bits.")
            .ValidateOnStart();
        services.AddSingleton<WindowCounters>();
        services.AddSingleton<WindowAllowance>();
        services.AddSingleton<AnonymousLimits>();
        services.AddSingleton<ChallengeKey>();
        services.AddSingleton<FormChallenges>();
        services.AddSingleton<ChallengeClaims>();
        services.AddSingleton<FormGuard>();
        services.AddSingleton<ConfirmationQuota>();
        services.AddSingleton<CounterSweep>();
        return services;
    }
}
