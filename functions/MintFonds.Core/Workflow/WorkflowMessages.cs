using System.Text.Json;
using MintFonds.Core.Applications;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;

namespace MintFonds.Core.Workflow;

/// <summary>
/// The applicant's e-mail for a transition, where the fund has a template for it (changes requested, approved,
/// rejected). Each carries a fresh status link (<see cref="NotificationMessage.StatusLinkFor"/>) and no bank data.
/// The message key names the transition and the application's timeline position, so a retried commit never sends
/// the same e-mail twice and a second request for changes gets its own e-mail.
/// </summary>
public static class WorkflowMessages
{
    public static NotificationMessage? For(Fund fund, Application after, WorkflowAction action, string? note, GrantTerms? terms)
    {
        var application = new { reference = after.Reference, projectTitle = after.Project.Title, institution = after.Institution.Name };
        var (template, data) = action switch
        {
            WorkflowAction.RequestChanges => (NotificationTemplates.ChangesRequested, (object)new { application, requestedChanges = note }),
            WorkflowAction.Approve => (NotificationTemplates.ApplicationApproved, new
            {
                application,
                grantedAmount = terms!.GrantedAmount,
                conditions = terms.Conditions,
                proofOfUseDueOn = terms.ProofOfUseDueOn,
            }),
            WorkflowAction.Reject or WorkflowAction.Revoke => (NotificationTemplates.ApplicationRejected, new { application, reason = note }),
            _ => (null, null),
        };
        if (template is null)
        {
            return null;
        }

        return new NotificationMessage
        {
            MessageKey = $"{template}:{fund.Id}:{after.Reference}:{after.Timeline.Count}",
            Template = template,
            FundId = fund.Id,
            To = [new MailRecipient(after.Contact.Email, after.Contact.Name)],
            Data = JsonSerializer.SerializeToElement(data, MintFondsJson.Storage),
            StatusLinkFor = after.Reference,
        };
    }
}
