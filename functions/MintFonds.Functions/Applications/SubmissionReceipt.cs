using MintFonds.Core.Applications;

namespace MintFonds.Functions.Applications;

/// <summary>
/// The answer to an accepted application. It carries no status token: the personal link to the status page goes only
/// to the contact's e-mail address (see <see cref="StatusToken"/>), and <see cref="StatusLinkNote"/> says so.
/// </summary>
public sealed record SubmissionReceipt(
    string Reference,
    ApplicationStatus Status,
    DateTimeOffset SubmittedAt,
    string StatusUrl,
    string StatusLinkNote)
{
    public const string LinkSentByEmail =
        "Den persönlichen Link zur Statusseite haben wir an die angegebene E-Mail-Adresse geschickt. Bitte bewahren Sie die E-Mail auf.";
}
