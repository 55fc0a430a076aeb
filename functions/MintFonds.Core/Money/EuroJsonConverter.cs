using System.Text.Json;
using System.Text.Json.Serialization;
using MintFonds.Core.Json;

namespace MintFonds.Core.Money;

/// <summary>
/// Reads and writes <see cref="Euro"/> as a JSON number in euros (e.g. <c>1250.5</c>).
/// A number with more than two decimal places is refused rather than rounded.
/// </summary>
public sealed class EuroJsonConverter : JsonConverter<Euro>
{
    public override Euro Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var value))
        {
            throw InputFormat.Error("Betrag muss eine Zahl in Euro sein, z. B. 1250.50.");
        }

        if (!Euro.TryFromDecimal(value, out var amount))
        {
            throw InputFormat.Error("Betrag darf höchstens zwei Nachkommastellen haben.");
        }

        return amount;
    }

    public override void Write(Utf8JsonWriter writer, Euro value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToDecimal());
}
