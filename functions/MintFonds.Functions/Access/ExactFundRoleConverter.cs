using System.Text.Json;
using System.Text.Json.Serialization;
using MintFonds.Core.Access;
using MintFonds.Core.Json;

namespace MintFonds.Functions.Access;

/// <summary>
/// Reads a fund role only in its documented spelling ("office", "board", "auditor"). The general enum converter also
/// takes "Office,Board" (flags syntax, which for this enum ORs to Board), other casing and padded text: a grant
/// must name exactly one role.
/// </summary>
public sealed class ExactFundRoleConverter : JsonConverter<FundRole>
{
    private static readonly Dictionary<string, FundRole> ByName =
        Enum.GetValues<FundRole>().ToDictionary(NameOf, StringComparer.Ordinal);

    public override FundRole Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.GetString() is { } name && ByName.TryGetValue(name, out var role)
            ? role
            : throw InputFormat.Error($"Erwartet wird genau eine Rolle: {string.Join(", ", ByName.Keys)}.");

    public override void Write(Utf8JsonWriter writer, FundRole value, JsonSerializerOptions options) =>
        writer.WriteStringValue(NameOf(value));

    private static string NameOf(FundRole role) => JsonNamingPolicy.CamelCase.ConvertName(role.ToString());
}
