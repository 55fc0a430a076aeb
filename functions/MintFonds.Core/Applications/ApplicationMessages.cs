using System.Text.Json;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;

namespace MintFonds.Core.Applications;

/// <summary>The e-mail jobs an accepted application causes: a confirmation to the applicant and an alert to the office.</summary>
public static class ApplicationMessages
{
    /// <remarks>
    /// Neither message holds the status token: the applicant's e-mail asks for a fresh link when it is composed
    /// (<see cref="NotificationMessage.StatusLinkFor"/>), and the office's e-mail has none at all.
    /// </remarks>
    /// <summary>The message key of the applicant's confirmation e-mail.</summary>
    public static string ConfirmationKey(string fundId, string reference) => $"{NotificationTemplates.ApplicationReceived}:{fundId}:{reference}";

    public static IReadOnlyList<NotificationMessage> ForSubmission(Fund fund, FundingCall call, Application application)
    {
        var data = JsonSerializer.SerializeToElement(
            new
            {
                fund = new { id = fund.Id, name = fund.Name, contactEmail = fund.Contact.Email, contactPhone = fund.Contact.Phone },
                call = new { id = call.Id, title = call.Title },
                application = new
                {
                    reference = application.Reference,
                    submittedAt = application.SubmittedAt,
                    institution = application.Institution.Name,
                    contactName = application.Contact.Name,
                    projectTitle = application.Project.Title,
                    startDate = application.Project.StartDate,
                    endDate = application.Project.EndDate,
                    requestedAmount = application.Budget.RequestedAmount,
                    totalCost = application.Budget.Total,
                },
            },
            MintFondsJson.Storage);

        return
        [
            new NotificationMessage
            {
                MessageKey = ConfirmationKey(fund.Id, application.Reference),
                Template = NotificationTemplates.ApplicationReceived,
                FundId = fund.Id,
                To = [new MailRecipient(application.Contact.Email, application.Contact.Name)],
                Data = data,
                StatusLinkFor = application.Reference,
            },
            new NotificationMessage
            {
                MessageKey = $"{NotificationTemplates.ApplicationNewForOffice}:{fund.Id}:{application.Reference}",
                Template = NotificationTemplates.ApplicationNewForOffice,
                FundId = fund.Id,
                To = [new MailRecipient(fund.Contact.Email, fund.Name)],
                Data = data,
            },
        ];
    }
}
