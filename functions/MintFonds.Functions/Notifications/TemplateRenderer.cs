using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using Fluid.Values;
using MintFonds.Core.Notifications;
using MintFonds.Core.Time;

namespace MintFonds.Functions.Notifications;

/// <summary>The three parts of a rendered e-mail.</summary>
public sealed record RenderedMail(string Subject, string Html, string Text);

/// <summary>
/// Renders the Liquid templates under Notifications/Templates (files the fund office can edit): subject, HTML and
/// text body of a template, each body wrapped in the shared layout. Values are HTML-escaped in the HTML part.
/// Parsed templates are cached; <see cref="Render"/> reports every variable a template used that the model lacks.
/// </summary>
public sealed class TemplateRenderer
{
    public const string LayoutFolder = "_layout";

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    // Escapes what matters in HTML (<, >, &, quotes) but keeps umlauts, ß and typographic quotes readable.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private readonly FluidParser _parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _cache = new(StringComparer.Ordinal);
    private readonly string _folder;

    public TemplateRenderer()
        : this(Path.Combine(AppContext.BaseDirectory, "Notifications", "Templates"))
    {
    }

    public TemplateRenderer(string folder)
    {
        _folder = folder;
    }

    /// <summary>Template names that have files, i.e. the ones a message may name.</summary>
    public IReadOnlySet<string> Available() =>
        Directory.EnumerateDirectories(_folder)
            .Select(Path.GetFileName)
            .Where(name => name is not null && name != LayoutFolder)
            .Select(name => name!)
            .ToHashSet(StringComparer.Ordinal);

    public RenderedMail Render(string template, string culture, IReadOnlyDictionary<string, object?> model, ICollection<string>? undefined = null)
    {
        var subject = RenderPart(template, culture, "subject", model, NullEncoder.Default, undefined).Trim();
        subject = string.Join(' ', subject.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var html = RenderPart(template, culture, "html", model, Html, undefined);
        var text = RenderPart(template, culture, "txt", model, NullEncoder.Default, undefined);

        var layoutModel = new Dictionary<string, object?>(model, StringComparer.Ordinal) { ["subject"] = subject };
        layoutModel["content"] = html;
        var htmlDocument = RenderPart(LayoutFolder, culture, "html", layoutModel, Html, undefined);
        layoutModel["content"] = text;
        var textDocument = RenderPart(LayoutFolder, culture, "txt", layoutModel, NullEncoder.Default, undefined);
        return new RenderedMail(subject, htmlDocument, textDocument);
    }

    private string RenderPart(
        string template, string culture, string part, IReadOnlyDictionary<string, object?> model, TextEncoder encoder, ICollection<string>? undefined)
    {
        var parsed = _cache.GetOrAdd($"{template}/{culture}.{part}", key => Parse(Path.Combine(_folder, template, $"{culture}.{part}.liquid")));
        var options = new TemplateOptions
        {
            CultureInfo = culture == "en" ? English : German,
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"),
        };
        AddFilters(options, culture);
        var context = new TemplateContext(options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, FluidValue.Create(value, options));
        }

        if (undefined is not null)
        {
            context.Undefined = name =>
            {
                lock (undefined)
                {
                    undefined.Add($"{template}/{culture}.{part}: {name}");
                }

                return ValueTask.FromResult<FluidValue>(NilValue.Instance);
            };
        }

        return parsed.Render(context, encoder);
    }

    private IFluidTemplate Parse(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"E-mail template file missing: {Path.GetRelativePath(_folder, path)}", path);
        }

        return _parser.TryParse(File.ReadAllText(path), out var template, out var error)
            ? template
            : throw new InvalidDataException($"E-mail template {Path.GetRelativePath(_folder, path)} cannot be parsed: {error}");
    }

    private static void AddFilters(TemplateOptions options, string culture)
    {
        var english = culture == "en";
        options.Filters.AddFilter("euro", (input, _, _) =>
        {
            var amount = input.ToNumberValue();
            return ValueTask.FromResult<FluidValue>(new StringValue(english
                ? "€" + amount.ToString("#,##0.00", English)
                : amount.ToString("#,##0.00", German) + " €"));
        });
        options.Filters.AddFilter("day", (input, _, _) =>
            ValueTask.FromResult<FluidValue>(TryDate(input.ToStringValue(), out var day)
                ? new StringValue(english ? day.ToString("d MMMM yyyy", English) : day.ToString("dd.MM.yyyy", German))
                : input));
        options.Filters.AddFilter("datetime", (input, _, _) =>
        {
            if (!DateTimeOffset.TryParse(input.ToStringValue(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                return ValueTask.FromResult(input);
            }

            var local = BerlinTime.ToLocal(instant);
            var zone = local.Offset == TimeSpan.FromHours(2) ? "CEST" : "CET";
            return ValueTask.FromResult<FluidValue>(new StringValue(english
                ? local.ToString("d MMMM yyyy, HH:mm", English) + $" ({zone})"
                : local.ToString("dd.MM.yyyy, HH:mm", German) + " Uhr"));
        });
    }

    private static bool TryDate(string value, out DateTime day)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            day = date.ToDateTime(TimeOnly.MinValue);
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            day = BerlinTime.ToLocal(instant).DateTime;
            return true;
        }

        day = default;
        return false;
    }

    /// <summary>Turns JSON data into plain dictionaries, lists and values that Liquid can walk.</summary>
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
