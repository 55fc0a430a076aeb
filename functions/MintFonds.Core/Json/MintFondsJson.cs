using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using MintFonds.Core.Money;

namespace MintFonds.Core.Json;

/// <summary>The one JSON shape of the system: camelCase, enums as camelCase strings, euros as numbers with at most two decimals.</summary>
public static class MintFondsJson
{
    /// <summary>For request and response bodies: unknown fields are refused so a typo never passes silently.</summary>
    public static readonly JsonSerializerOptions Api = Create(strict: true);

    /// <summary>For what the system stores itself: tolerant of fields added by later versions.</summary>
    public static readonly JsonSerializerOptions Storage = Create(strict: false);

    private static JsonSerializerOptions Create(bool strict)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Umlauts, ß and emoji stay readable; characters that matter in HTML are still escaped.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = strict ? JsonUnmappedMemberHandling.Disallow : JsonUnmappedMemberHandling.Skip,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = 32,
        };
        options.Converters.Add(new ExactEnumConverter());
        options.Converters.Add(new EuroJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
