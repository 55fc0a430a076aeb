using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MintFonds.Functions.Privacy;

/// <summary>Registers the data-subject rights (export, erasure, consent withdrawal) and the retention timer's services.</summary>
public static class PrivacyServices
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PrivacySettings>()
            .Bind(configuration.GetSection("Privacy"))
            .Validate(s => s.AnonymiseAfterDays is >= 0 and <= 3650, "Privacy:AnonymiseAfterDays must be between 0 and 3650.")
            .Validate(s => s.AccountingVoucherYears is >= 1 and <= 30 && s.BusinessLetterYears is >= 1 and <= 30, "Privacy retention years must be between 1 and 30.");
        services.AddSingleton<RetentionPlanner>();
        services.AddSingleton<PersonIndex>();
        services.AddSingleton<MailArtefacts>();
        services.AddSingleton<PersonRecordFinder>();
        services.AddSingleton<ApplicationAnonymiser>();
        services.AddSingleton<SponsorRecordChanges>();
        services.AddSingleton<SponsorRetention>();
        services.AddSingleton<ProofOfUseErasure>();
        services.AddSingleton<ErasureService>();
        services.AddSingleton<PersonExportService>();
        services.AddSingleton<ConsentService>();
        services.AddSingleton<RetentionService>();
        return services;
    }
}
