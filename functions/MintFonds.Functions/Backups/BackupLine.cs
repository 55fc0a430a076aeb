using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace MintFonds.Functions.Backups;

/// <summary>
/// One table row as one JSON line, with every property's EDM type, so that a restore writes back exactly the types it
/// read (an Int64 stays an Int64, a DateTime a DateTime, a Guid a Guid):
/// <c>{"pk":"…","rk":"…","ts":"…","p":{"Amount":["Edm.Int64","1250"],"Json":["Edm.String","{…}"]}}</c>.
/// Numbers are written as text (Int64 beyond 2^53, doubles round-tripped with "R", NaN). <c>ts</c> is the row's
/// Timestamp at backup time; the service sets a new one on restore, so it is kept for the record only.
/// </summary>
public static class BackupLine
{
    private static readonly HashSet<string> SystemProperties = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    public static void Write(Utf8JsonWriter json, TableEntity entity)
    {
        json.WriteStartObject();
        json.WriteString("pk", entity.PartitionKey);
        json.WriteString("rk", entity.RowKey);
        if (entity.Timestamp is { } timestamp)
        {
            json.WriteString("ts", timestamp.ToString("O", CultureInfo.InvariantCulture));
        }

        json.WriteStartObject("p");
        foreach (var (name, value) in entity.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (SystemProperties.Contains(name) || value is null)
            {
                continue;
            }

            var (type, text) = Encode(value);
            json.WriteStartArray(name);
            json.WriteStringValue(type);
            json.WriteStringValue(text);
            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static TableEntity Read(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var entity = new TableEntity(root.GetProperty("pk").GetString(), root.GetProperty("rk").GetString());
        foreach (var property in root.GetProperty("p").EnumerateObject())
        {
            var type = property.Value[0].GetString();
            var text = property.Value[1].GetString() ?? string.Empty;
            entity[property.Name] = Decode(type, text);
        }

        return entity;
    }

    private static (string Type, string Text) Encode(object value) => value switch
    {
        string s => ("Edm.String", s),
        bool b => ("Edm.Boolean", b ? "true" : "false"),
        int i => ("Edm.Int32", i.ToString(CultureInfo.InvariantCulture)),
        long l => ("Edm.Int64", l.ToString(CultureInfo.InvariantCulture)),
        double d => ("Edm.Double", d.ToString("R", CultureInfo.InvariantCulture)),
        DateTimeOffset t => ("Edm.DateTime", t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
        DateTime t => ("Edm.DateTime", new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture)),
        Guid g => ("Edm.Guid", g.ToString("D")),
        byte[] bytes => ("Edm.Binary", Convert.ToBase64String(bytes)),
        BinaryData data => ("Edm.Binary", Convert.ToBase64String(data.ToArray())),
        _ => throw new NotSupportedException($"A table property of type {value.GetType().Name} cannot be backed up."),
    };

    private static object Decode(string? type, string text) => type switch
    {
        "Edm.String" => text,
        "Edm.Boolean" => text == "true",
        "Edm.Int32" => int.Parse(text, CultureInfo.InvariantCulture),
        "Edm.Int64" => long.Parse(text, CultureInfo.InvariantCulture),
        "Edm.Double" => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        "Edm.DateTime" => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        "Edm.Guid" => Guid.Parse(text),
        "Edm.Binary" => Convert.FromBase64String(text),
        _ => throw new FormatException($"Unknown property type '{type}' in a backup line."),
    };
}
