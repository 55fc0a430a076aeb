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
/// Consistency: one fund insert through <see cref="FundService.CreateAsync"/> (idempotent: the same request again finds
/// the same fund, a different one with the same id is 409), then its <c>fund.create</c> and a <c>fund.copy</c> entry
/// naming the template, both in ONE transaction of the new fund's audit partition (hash-chained in that order). A crash
/// between the insert and that transaction leaves the fund without either entry; the retry finds the fund (answered
/// 200) and writes the missing entries then, again together.
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
        var (fund, created) = await funds.CreateAsync(merged, by, cancellationToken, created => [CopyEntry(created.Id, templateId, by)]);
        if (!created)
        {
            // The same request again: a crash after the insert may have cost the entries; write what is missing, together.
            // A repeat follows its first attempt closely, so the entries are among the newest 50 of the new fund.
            var recorded = await audit.ListAsync(fund.Value.Id, 50, cancellationToken);
            var missing = new List<AuditEntry>();
            if (!recorded.Any(e => e.Action == "fund.create"))
            {
                missing.Add(FundService.CreatedEntry(fund.Value, by));
            }

            if (!recorded.Any(e => e.Action == "fund.copy" && e.FromState == templateId))
            {
                missing.Add(CopyEntry(fund.Value.Id, templateId, by));
            }

            await audit.WriteAllAsync(missing, cancellationToken);
        }

        return (fund, created);
    }

    private static AuditEntry CopyEntry(string fundId, string templateId, AdminPrincipal by) => new()
    {
        Subject = fundId, Action = "fund.copy", Outcome = AuditOutcome.Done, PrincipalId = by.ObjectId, Target = $"fund/{fundId}",
        FromState = templateId, ToState = nameof(FundStatus.Active),
    };

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
