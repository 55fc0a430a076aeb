using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using MintFonds.Core.Money;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Funds;

namespace MintFonds.Functions.Transparency;

/// <summary>
/// The printable HTML page of the transparency view, in the fund's colour and with its logo: plain HTML with one style
/// block and no scripts, served under a strict Content-Security-Policy that allows nothing but that style block (by its
/// hash) and the logo's origin — no scripts, no frames, no forms, no other outside requests. Every value is HTML-encoded.
/// </summary>
public static class TransparencyPage
{
    /// <summary>The style with <c>{primary}</c> for the fund's colour (validated as #RRGGBB, so it cannot break out of the rule).</summary>
    private const string StyleTemplate =
        "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;color:#1f2937;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.45}" +
        "h1{color:{primary};font-size:1.6rem;margin-bottom:.2rem}img.logo{display:block;max-height:4rem;max-width:16rem;margin-bottom:.8rem}" +
        "h2{font-size:1.15rem;border-bottom:1px solid {primary};padding-bottom:.2rem;margin-top:1.8rem}" +
        "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e5e7eb;vertical-align:top}" +
        "td.n,th.n{text-align:right;white-space:nowrap}.muted{color:#6b7280;font-size:.9rem}ul.sponsors{columns:2}" +
        "@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}";

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static string StyleFor(PublicBranding branding) => StyleTemplate.Replace("{primary}", branding.PrimaryColor, StringComparison.Ordinal);

    /// <summary>
    /// The Content-Security-Policy of the page: its own style block (by hash), and images from the logo's origin only.
    /// </summary>
    public static string ContentSecurityPolicy(PublicBranding branding)
    {
        var images = LogoOrigin(branding) is { } origin ? $"img-src {origin}; " : string.Empty;
        return $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(StyleFor(branding))))}'; {images}base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    public static string Render(TransparencyView view)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>Transparenz – ").Append(E(view.Name)).Append("</title>\n<style>").Append(StyleFor(view.Branding)).Append("</style>\n</head>\n<body>\n");
        if (LogoOrigin(view.Branding) is not null)
        {
            html.Append("<img class=\"logo\" src=\"").Append(E(view.Branding.LogoUrl!)).Append("\" alt=\"").Append(E(view.Name)).Append("\">\n");
        }

        html.Append("<h1>").Append(E(view.Name)).Append("</h1>\n<p class=\"muted\">").Append(E(view.Region))
            .Append(" · Transparenzbericht: Was mit den Mitteln des Fonds geschieht. Alle Beträge in Euro, auf den Cent.</p>\n");

        html.Append("<h2>Mittel</h2>\n<table>\n<tr><th></th><th class=\"n\">seit Beginn</th><th class=\"n\">").Append(view.Year).Append("</th></tr>\n");
        Row(html, "Eingegangene Mittel", M(view.AllTime.Raised), M(view.ThisYear.Raised));
        Row(html, "Bewilligt", M(view.AllTime.Granted), M(view.ThisYear.Granted));
        Row(html, "Ausgezahlt", M(view.AllTime.PaidOut), M(view.ThisYear.PaidOut));
        Row(html, "Anträge", N(view.AllTime.Applications), N(view.ThisYear.Applications));
        Row(html, "Bewilligte Projekte", N(view.AllTime.Approvals), N(view.ThisYear.Approvals));
        Row(html, "Erreichte Einrichtungen", N(view.AllTime.InstitutionsReached), N(view.ThisYear.InstitutionsReached));
        Row(html, "Erreichte Teilnehmende", N(view.AllTime.ParticipantsReached), N(view.ThisYear.ParticipantsReached));
        html.Append("</table>\n");

        Breakdown(html, "Projekte nach Bildungsstufe", view.AllTime.ByEducationStage);
        Breakdown(html, "Projekte nach MINT-Bereich", view.AllTime.ByMintField);
        Breakdown(html, "Projekte nach Landkreis bzw. Stadt", view.AllTime.ByDistrict);

        html.Append("<h2>Veröffentlichte Projekte</h2>\n");
        if (view.PublishedProjects.Count == 0)
        {
            html.Append("<p>Noch keine Projekte, deren Träger einer Veröffentlichung zugestimmt haben.</p>\n");
        }
        else
        {
            html.Append("<table>\n<tr><th>Projekt</th><th>Einrichtung</th><th>Bildungsstufe · MINT-Bereich</th><th class=\"n\">Bewilligt</th></tr>\n");
            foreach (var p in view.PublishedProjects)
            {
                html.Append("<tr><td>").Append(E(p.Title)).Append("</td><td>").Append(E(p.Institution))
                    .Append(p.District is null ? string.Empty : "<br><span class=\"muted\">" + E(p.District) + "</span>")
                    .Append("</td><td>").Append(E(string.Join(", ", p.EducationStages))).Append(" · ").Append(E(string.Join(", ", p.MintFields)))
                    .Append("</td><td class=\"n\">").Append(p.Granted is { } g ? M(g) : "–").Append("</td></tr>\n");
            }

            html.Append("</table>\n<p class=\"muted\">Genannt sind nur Projekte, deren Träger der Veröffentlichung zugestimmt haben; alle übrigen sind in den Zahlen oben enthalten.</p>\n");
        }

        html.Append("<h2>Unsere Förderpartner</h2>\n");
        if (view.Sponsors.Count == 0)
        {
            html.Append("<p>Noch keine Förderpartner, die genannt werden möchten.</p>\n");
        }
        else
        {
            html.Append("<ul class=\"sponsors\">\n");
            foreach (var name in view.Sponsors)
            {
                html.Append("<li>").Append(E(name)).Append("</li>\n");
            }

            html.Append("</ul>\n<p class=\"muted\">In alphabetischer Reihenfolge, ohne Beträge; genannt sind nur Förderpartner, die dem zugestimmt haben.</p>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Breakdown(StringBuilder html, string title, IReadOnlyList<FigureBreakdown> lines)
    {
        var shown = lines.Where(l => l.Applications != 0 || l.Approvals != 0 || l.Granted != Euro.Zero).ToList();
        if (shown.Count == 0)
        {
            return;
        }

        html.Append("<h2>").Append(E(title)).Append("</h2>\n<table>\n<tr><th></th><th class=\"n\">Anträge</th><th class=\"n\">Bewilligt (Anzahl)</th><th class=\"n\">Bewilligt (Euro)</th><th class=\"n\">Ausgezahlt</th></tr>\n");
        foreach (var l in shown)
        {
            html.Append("<tr><td>").Append(E(l.Label)).Append("</td><td class=\"n\">").Append(N(l.Applications)).Append("</td><td class=\"n\">").Append(N(l.Approvals))
                .Append("</td><td class=\"n\">").Append(M(l.Granted)).Append("</td><td class=\"n\">").Append(M(l.PaidOut)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Row(StringBuilder html, string label, string allTime, string year) =>
        html.Append("<tr><td>").Append(E(label)).Append("</td><td class=\"n\">").Append(allTime).Append("</td><td class=\"n\">").Append(year).Append("</td></tr>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The logo's origin (scheme, host, port) when it has a usable absolute http(s) URL.</summary>
    private static string? LogoOrigin(PublicBranding branding) =>
        Uri.TryCreate(branding.LogoUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url.GetLeftPart(UriPartial.Authority)
            : null;

    private static string M(Euro amount) => E(amount.ToGermanString());

    private static string N(long value) => value.ToString("#,##0", German);
}
