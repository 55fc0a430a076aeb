namespace MintFonds.Functions.Forms;

/// <summary>Settings section "Forms": where the web forms live and who may embed them.</summary>
public sealed class FormSettings
{
    /// <summary>
    /// The public address of the forms served by this app, ending in "/forms/" (e.g.
    /// <c>https://func-mintfonds.azurewebsites.net/api/forms/</c>). The status link in the applicant's e-mail points at
    /// <c>{PublicBaseUrl}status#fund/reference/token</c> unless the fund names its own status page. Empty: only funds
    /// with their own status page get a link.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Origins that may show the forms in an iframe (the funds' websites), space-separated, e.g.
    /// <c>https://www.th-bingen.de https://mint-region.example</c>. Empty: the forms cannot be framed, only linked.
    /// </summary>
    public string? FrameAncestors { get; set; }

    /// <summary>Further origins images may come from (a fund's logo on its own website), space-separated.</summary>
    public string? ImageOrigins { get; set; }

    /// <summary>
    /// The set base address, else this app's own forms by the host name the platform sets (<c>WEBSITE_HOSTNAME</c>,
    /// which Azure and Core Tools set: no deployment has to know its own generated host name), else none.
    /// </summary>
    public static string? BaseUrlOrHost(string? configured, string? websiteHostName)
    {
        if (!string.IsNullOrWhiteSpace(configured) || string.IsNullOrWhiteSpace(websiteHostName))
        {
            return configured;
        }

        var host = websiteHostName.Trim();
        var local = host.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || host.StartsWith("127.", StringComparison.Ordinal);
        return (local ? "http://" : "https://") + host + "/api/forms/";
    }

    /// <summary>The status page, or null when no base address is set.</summary>
    public string? StatusPageUrl =>
        string.IsNullOrWhiteSpace(PublicBaseUrl) ? null : PublicBaseUrl.Trim().TrimEnd('/') + "/status";

    /// <summary>Each setting is a list of plain https origins (or localhost over http), so nothing can widen the policy.</summary>
    public bool IsValid() =>
        (string.IsNullOrWhiteSpace(PublicBaseUrl) || IsHttpUrl(PublicBaseUrl.Trim(), allowPath: true))
        && Origins(FrameAncestors).All(o => IsHttpUrl(o, allowPath: false))
        && Origins(ImageOrigins).All(o => IsHttpUrl(o, allowPath: false));

    public static IReadOnlyList<string> Origins(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsHttpUrl(string value, bool allowPath) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
        && (allowPath || uri.AbsolutePath == "/")
        && !value.Contains('\'', StringComparison.Ordinal) && !value.Contains('*', StringComparison.Ordinal);
}
