using System.Text.Json;
using System.Text.Json.Serialization;

namespace MintFonds.Core.Json;

/// <summary>
/// Reads enums only in their documented camelCase spelling, one value per string. The framework's string-enum converter
/// also takes flags syntax ("office,board", which ORs two values into a third), any casing and padded text — so a
/// request could mean something other than it says. Writes camelCase, as before.
/// </summary>
public sealed class ExactEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly Dictionary<string, T> ByName = Enum.GetValues<T>().ToDictionary(NameOf, StringComparer.Ordinal);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && reader.GetString() is { } name && ByName.TryGetValue(name, out var value)
                ? value
                : throw InputFormat.Error($"Erwartet wird genau einer dieser Werte: {string.Join(", ", ByName.Keys)}.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(NameOf(value));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { } name && ByName.TryGetValue(name, out var value)
                ? value
                : throw InputFormat.Error($"Erwartet wird genau einer dieser Werte: {string.Join(", ", ByName.Keys)}.");

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(NameOf(value));

        private static string NameOf(T value) => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
    }
}
