using MintFonds.Core.Applications;
using MintFonds.Functions.Abuse;

namespace MintFonds.Functions.Applications;

/// <summary>
/// The answer to an accepted application. It carries no status token: the personal link to the status page goes only
/// to the contact's e-mail address (see <see cref="StatusToken"/>), and <see cref="StatusLinkNote"/> says so, or says
/// that this time no e-mail is sent (<see cref="ConfirmationQuota"/>).
/// </summary>
public sealed record SubmissionReceipt(
    string Reference,
    ApplicationStatus Status,
    DateTimeOffset SubmittedAt,
    string StatusUrl,
    string StatusLinkNote,
    ConfirmationEmail ConfirmationEmail)
{
    public const string LinkSentByEmail =
        "Den persönlichen Link zur Statusseite haben wir an die angegebene E-Mail-Adresse geschickt. Bitte bewahren Sie die E-Mail auf.";

    public const string LinkWithheld =
        "An diese E-Mail-Adresse haben wir heute schon mehrere Eingangsbestätigungen geschickt; zu diesem Antrag senden wir deshalb "
        + "keine E-Mail und keinen Link zur Statusseite. Der Antrag ist eingegangen, und die Geschäftsstelle ist benachrichtigt.";

    public static SubmissionReceipt For(string fundId, string reference, ApplicationStatus status, DateTimeOffset submittedAt, ConfirmationEmail confirmation) =>
        new(
            reference,
            status,
            submittedAt,
            StatusUrlOf(fundId, reference),
            confirmation == ConfirmationEmail.Withheld ? LinkWithheld : LinkSentByEmail,
            confirmation);

    public static string StatusUrlOf(string fundId, string reference) => $"/api/funds/{fundId}/applications/{reference}/status";
}
