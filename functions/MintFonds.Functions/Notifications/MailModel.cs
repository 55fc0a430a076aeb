using MintFonds.Core.Funds;
using MintFonds.Core.Notifications;

namespace MintFonds.Functions.Notifications;

/// <summary>What every template sees: the fund (for the layout), the recipient, the culture and the message's data.</summary>
public static class MailModel
{
    public static Dictionary<string, object?> For(Fund fund, NotificationMessage message) => new(StringComparer.Ordinal)
    {
        ["fund"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = fund.Id,
            ["name"] = fund.Name,
            ["region"] = fund.Region,
            ["logoUrl"] = fund.Contact.LogoUrl,
            ["contactEmail"] = fund.Contact.Email,
            ["contactPhone"] = fund.Contact.Phone,
            ["website"] = fund.Contact.Website,
            ["imprintUrl"] = fund.Contact.ImprintUrl,
            ["privacyUrl"] = fund.Contact.PrivacyUrl,
        },
        ["recipient"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = message.To[0].Name,
            ["email"] = message.To[0].Email,
        },
        ["culture"] = message.Culture,
        ["data"] = TemplateRenderer.FromJson(message.Data),
    };
}
