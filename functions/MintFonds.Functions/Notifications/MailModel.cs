using MintFonds.Core.Funds;
using MintFonds.Core.Notifications;

namespace MintFonds.Functions.Notifications;

/// <summary>What every template sees: the fund (for the layout), the recipient, the culture and the message's data.</summary>
public static class MailModel
{
    /// <param name="fund">The fund whose layout and contact data the e-mail shows.</param>
    /// <param name="message">The job.</param>
    /// <param name="statusLink">A status link made for this e-mail alone, shown as <c>data.statusLink</c>.</param>
    /// <param name="logoUrl">The fund's logo address (its uploaded logo, else <c>contact.logoUrl</c>); null: the contact's.</param>
    public static Dictionary<string, object?> For(Fund fund, NotificationMessage message, string? statusLink = null, string? logoUrl = null) => new(StringComparer.Ordinal)
    {
        ["fund"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = fund.Id,
            ["name"] = fund.Name,
            ["region"] = fund.Region,
            ["logoUrl"] = logoUrl ?? fund.Contact.LogoUrl,

            // The fund's colours for the HTML layout (headings, links, buttons); each readable on white (BrandingValidator).
            ["primaryColor"] = FundBranding.Of(fund).PrimaryColor,
            ["accentColor"] = FundBranding.Of(fund).AccentColor,
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
        ["data"] = WithStatusLink(TemplateRenderer.FromJson(message.Data), statusLink),
    };

    private static object? WithStatusLink(object? data, string? statusLink)
    {
        if (statusLink is not null && data is Dictionary<string, object?> fields)
        {
            fields["statusLink"] = statusLink;
        }

        return data;
    }
}
