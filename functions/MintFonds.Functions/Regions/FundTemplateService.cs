using MintFonds.Core.Funds;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Regions;

/// <summary>
/// A new region's fund made from an existing fund as a template. The new fund's own identity (id, name, region,
/// reference prefix, operator, bank account, sender, contact) comes from the request; what a region copies comes from
/// the template unless the request sets it: the grant rules, the assessment criteria and board quorum, the privacy
/// notice version and the sponsoring (invoice) settings without the template's tax identity (VAT id, seller
/// identifier, invoice contact). Never copied: roles, sponsors, pledges, applications, payments, receipts, counters
/// (they live under the template's id and are never read here), the colours and the facsimile signature.
/// Consistency: one fund insert through <see cref="FundService.CreateAsync"/> (its own audit entry, idempotent: the
/// same request again finds the same fund, a different one with the same id is 409), then a <c>fund.copy</c> audit
/// entry naming the template. A crash between the two leaves the fund without that entry; the retry finds the fund
/// (answered 200) and writes the entry then.
/// </summary>
public sealed class FundTemplateService(FundService funds, AuditLog audit)
{
    public async Task<(Stored<Fund> Fund, bool Created)> CopyAsync(string templateId, FundInput input, AdminPrincipal by, CancellationToken cancellationToken)
    {
        var template = (await funds.GetAsync(templateId, cancellationToken)).Value;
        var merged = input with
        {
            Rules = input.Rules ?? template.Rules,
            Decisions = input.Decisions ?? (template.Decisions is { } decisions
                ? new DecisionSettingsInput { Criteria = decisions.Criteria, BoardApprovalsRequired = decisions.BoardApprovalsRequired }
                : null),
            PrivacyNoticeVersion = input.PrivacyNoticeVersion ?? template.PrivacyNoticeVersion,
            Sponsoring = input.Sponsoring ?? (template.Sponsoring is { } sponsoring ? SponsoringWithoutTaxIdentity(sponsoring) : null),
        };
        var (fund, created) = await funds.CreateAsync(merged, by, cancellationToken);
        if (created || !await CopyRecordedAsync(fund.Value.Id, templateId, cancellationToken))
        {
            await audit.WriteAsync(
                new AuditEntry
                {
                    Subject = fund.Value.Id, Action = "fund.copy", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId,
                    Target = $"fund/{fund.Value.Id}", FromState = templateId, ToState = fund.Value.Status.ToString(),
                },
                cancellationToken);
        }

        return (fund, created);
    }

    private async Task<bool> CopyRecordedAsync(string fundId, string templateId, CancellationToken cancellationToken) =>
        (await audit.ListAsync(fundId, 50, cancellationToken)).Any(e => e.Action == "fund.copy" && e.FromState == templateId);

    private static SponsoringInput SponsoringWithoutTaxIdentity(SponsoringSettings settings) => new()
    {
        VatRatePercent = settings.VatRatePercent,
        VatExemptionText = settings.VatExemptionText,
        ServiceDescription = settings.ServiceDescription,
        EInvoice = settings.EInvoice,
        NoVatCategory = settings.NoVatCategory,
        ExemptionReasonCode = settings.ExemptionReasonCode,
    };
}
