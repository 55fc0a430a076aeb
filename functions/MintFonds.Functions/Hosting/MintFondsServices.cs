using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MintFonds.Functions.Abuse;
using MintFonds.Functions.Access;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Outbox;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Payouts;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Privacy;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Backups;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Forms;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Http;
using MintFonds.Functions.Notifications;
using Microsoft.Extensions.Options;
using MintFonds.Functions.Regions;
using MintFonds.Functions.Seeding;
using MintFonds.Functions.Storage;
using MintFonds.Functions.WorkLists;

namespace MintFonds.Functions.Hosting;

/// <summary>Registers everything the app needs. Used by <see cref="Program"/> and by the tests alike.</summary>
public static class MintFondsServices
{
    public static IServiceCollection AddMintFonds(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<HttpSettings>().Bind(configuration.GetSection("Http"));
        services.AddOptions<AuthSettings>().Bind(configuration.GetSection("Auth")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthSettings>>(new AuthSettingsValidator(configuration));
        services.AddOptions<SeedSettings>().Bind(configuration.GetSection("Seed"));

        services.AddSingleton(sp => StorageAccount.FromConfiguration(configuration, sp.GetServices<Azure.Core.Pipeline.HttpPipelinePolicy>()));
        services.AddSingleton<StorageInitializer>();
        services.AddSingleton<PartitionLocks>();
        services.AddSingleton<KnownCounters>();
        services.AddSingleton<NumberBlocks>();
        services.AddSingleton<Seeder>();
        services.AddHostedService<StartupTasks>();

        services.AddSingleton<HttpApi>();
        services.AddSingleton<JsonBodyReader>();

        services.AddSingleton(sp => SigningKeySourceFactory.Create(sp.GetRequiredService<IOptions<AuthSettings>>()));
        services.AddSingleton<AccessTokenValidator>();
        services.AddAbuseResistance(configuration);
        services.AddSingleton<RefusalCounters>();
        services.AddSingleton<RefusalAudit>();
        services.AddSingleton<AdminAccess>();

        services.AddSingleton<FundTable>();
        services.AddSingleton<CallTable>();
        services.AddSingleton<RoleAssignmentTable>();
        services.AddSingleton<RoleProposalTable>();
        services.AddSingleton<RoleChanges>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditVerifier>();

        services.AddSingleton<RulesChanges>();
        services.AddSingleton<IntakeRulesCache>();
        services.AddSingleton<FundService>();
        services.AddSingleton<CallService>();
        services.AddSingleton<OpenCallsService>();
        services.AddSingleton<RoleService>();
        services.AddSingleton<OutboxRelay>();
        services.AddSingleton<ApplicationCommit>();
        services.AddSingleton<ApplicationSubmissionService>();
        services.AddSingleton<ApplicationStatusService>();
        services.AddSingleton<ApplicationDecoys>();
        services.AddSingleton<StatusLinkIssuer>();

        services.AddSingleton<SponsorTable>();
        services.AddSingleton<PledgeTable>();
        services.AddSingleton<PaymentCodes>();
        services.AddSingleton<PledgeSubmissionService>();
        services.AddSingleton<PledgeDecoys>();
        services.AddSingleton<SponsorProposalService>();
        services.AddSingleton<PaymentTable>();
        services.AddSingleton<PledgeLookup>();
        services.AddSingleton<PaymentService>();
        services.AddSingleton<ReceiptTable>();
        services.AddSingleton<ReceiptYears>();
        services.AddSingleton<ReceiptIssuer>();
        services.AddSingleton<ReceiptPublisher>();
        services.AddSingleton<ReceiptService>();

        services.AddDecisions();
        services.AddLedger();
        services.AddPayouts();
        services.AddWorkLists();
        services.AddRegions();
        Reports.ReportServices.AddReports(services);

        services.AddOptions<SendGridSettings>().Bind(configuration.GetSection("SendGrid"));
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<DeliveryLedger>();
        services.AddSingleton<MailDelivery>();
        services.AddSingleton<OutboxTransport>();
        services.AddSingleton(sp => new SendGridTransport(
            new HttpClient { Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<SendGridSettings>>().Value.TimeoutSeconds) },
            sp.GetRequiredService<IOptions<SendGridSettings>>()));

        // No API key (the local default): every e-mail goes to the mail-outbox container as an .eml file.
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<SendGridSettings>>().Value.IsConfigured
            ? sp.GetRequiredService<SendGridTransport>()
            : sp.GetRequiredService<OutboxTransport>());
        services.AddSingleton<DeadLetterTable>();
        services.AddSingleton<OfficeAlerts>();
        services.AddSingleton<DeadLetterService>();
        services.AddSingleton<NotificationSender>();

        services.AddPrivacy(configuration);
        services.AddForms(configuration);
        services.AddBackups();

        foreach (var functionClass in FunctionClasses())
        {
            services.TryAddScoped(functionClass);
        }

        return services;
    }

    /// <summary>Every class with a [Function] method: registered so that DI, not reflection, builds them.</summary>
    public static IEnumerable<Type> FunctionClasses() =>
        typeof(MintFondsServices).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false }
                && t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null));
}
