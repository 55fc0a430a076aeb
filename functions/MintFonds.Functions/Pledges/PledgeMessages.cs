using System.Text.Json;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Core.Pledges;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Pledges;

/// <summary>The e-mail job of a new pledge: confirmation with payment instructions and the GiroCode image inline.</summary>
public static class PledgeMessages
{
    public const string GiroCodeContentId = "girocode.png";

    /// <summary>The message key of the sponsor's confirmation e-mail.</summary>
    public static string ReceivedKey(string fundId, string reference) => $"{NotificationTemplates.PledgeReceived}:{fundId}:{reference}";

    /// <summary>Where the GiroCode images of one pledge were kept by earlier versions (one per attempt); none are written now.</summary>
    public static string GiroCodePrefix(string fundId, string pledgeReference) => $"{fundId}/pledges/{pledgeReference}/";

    /// <param name="fund">The fund paid.</param>
    /// <param name="sponsor">The sponsor as entered with this pledge.</param>
    /// <param name="pledge">The pledge.</param>
    /// <param name="giroCodePayload">The first instalment's GiroCode; the image is drawn when the e-mail is composed.</param>
    public static NotificationMessage Received(Fund fund, Sponsor sponsor, Pledge pledge, string giroCodePayload) => new()
    {
        MessageKey = ReceivedKey(fund.Id, pledge.Reference),
        Template = NotificationTemplates.PledgeReceived,
        FundId = fund.Id,
        To = [new MailRecipient(sponsor.Email, sponsor.ContactPerson ?? sponsor.Name)],
        Data = JsonSerializer.SerializeToElement(
            new
            {
                sponsor = new { name = sponsor.Name, contactName = sponsor.ContactPerson },
                pledge = new
                {
                    reference = pledge.Reference,
                    kind = pledge.Kind == PledgeKind.Donation ? "donation" : "sponsoring",
                    schedule = pledge.Schedule == PledgeSchedule.OneOff ? "oneOff" : "yearly",
                    years = pledge.Instalments.Count,
                    totalAmount = pledge.Total,
                },
                instalments = pledge.Instalments.Select(i => new { number = i.Number, dueOn = i.DueOn, amount = i.Amount, remittanceReference = i.RemittanceReference }),
                payment = new { beneficiary = fund.BankAccount.AccountHolder, iban = fund.BankAccount.Iban, bic = fund.BankAccount.Bic, bankName = fund.BankAccount.BankName },
                giroCodeContentId = GiroCodeContentId,
            },
            MintFondsJson.Storage),
        QrCodes = [new QrCodeAttachment(giroCodePayload, "girocode.png", GiroCodeContentId)],
    };

    /// <summary>
    /// Tells a known sponsor, at the address the fund has, that the form carried other data for them, which waits for
    /// the office. The proposed data itself is not repeated: the sponsor may not be the one who typed it.
    /// </summary>
    public static NotificationMessage ChangeProposed(Fund fund, Sponsor known, SponsorChangeProposal proposal) => new()
    {
        MessageKey = $"{NotificationTemplates.SponsorChangeProposed}:{fund.Id}:{proposal.Id}",
        Template = NotificationTemplates.SponsorChangeProposed,
        FundId = fund.Id,
        To = [new MailRecipient(known.Email, known.ContactPerson ?? known.Name)],
        Data = JsonSerializer.SerializeToElement(
            new { sponsor = new { name = known.Name }, pledge = new { reference = proposal.PledgeReference }, proposedAt = proposal.ProposedAt },
            MintFondsJson.Storage),
    };
}
