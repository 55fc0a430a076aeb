using System.Text.Json;
using MintFonds.Core.Funds;

namespace MintFonds.Functions.Figures;

/// <summary>The names of the figures kept per fund and period; amounts in euro cents, never floating point.</summary>
public static class FigureNames
{
    public const string Applications = "applications";
    public const string Approvals = "approvals";
    public const string Granted = "grantedCents";
    public const string Released = "releasedCents";
    public const string Raised = "raisedCents";
    public const string PaidOut = "paidOutCents";
    public const string Returned = "returnedCents";
    public const string Repaid = "repaidCents";
    public const string Institutions = "institutions";
    public const string Participants = "participants";

    public static string ByStage(string figure, EducationStage stage) => $"{figure}.stage.{stage}";

    public static string ByField(string figure, MintField field) => $"{figure}.field.{field}";

    public static string ByDistrict(string figure, string district) => $"{figure}.district.{district}";
}

/// <summary>
/// Named whole-number figures (counts and cents). Stored as one JSON property of an aggregate row; figures of two rows
/// add up by name, so the figures of the Applications and the Ledger partitions of a fund, and of several funds, are
/// simply summed.
/// </summary>
public sealed class FigureCounters
{
    private readonly SortedDictionary<string, long> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Values => _values;

    public long this[string name] => _values.GetValueOrDefault(name);

    public static FigureCounters Parse(string? json)
    {
        var counters = new FigureCounters();
        if (!string.IsNullOrEmpty(json))
        {
            foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [])
            {
                counters.Add(name, value);
            }
        }

        return counters;
    }

    public string ToJson() => JsonSerializer.Serialize(_values);

    public void Add(string name, long value)
    {
        if (value != 0)
        {
            _values[name] = _values.GetValueOrDefault(name) + value;
        }
    }

    public FigureCounters Plus(FigureCounters other)
    {
        var sum = new FigureCounters();
        foreach (var (name, value) in _values)
        {
            sum.Add(name, value);
        }

        foreach (var (name, value) in other._values)
        {
            sum.Add(name, value);
        }

        return sum;
    }

    /// <summary>The figures broken down by one dimension (<c>stage</c>, <c>field</c>, <c>district</c>), e.g. granted cents by stage.</summary>
    public IReadOnlyDictionary<string, long> By(string figure, string dimension)
    {
        var prefix = $"{figure}.{dimension}.";
        return _values.Where(v => v.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(v => v.Key[prefix.Length..], v => v.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Splits <paramref name="cents"/> over <paramref name="parts"/> parts that add up exactly (the first parts take the
    /// leftover cents), so a grant for two education stages is counted once in the total and to the cent by stage.
    /// </summary>
    public static long[] Split(long cents, int parts)
    {
        if (parts <= 0)
        {
            return [];
        }

        var share = cents / parts;
        var rest = cents - (share * parts);
        var result = new long[parts];
        for (var i = 0; i < parts; i++)
        {
            result[i] = share + (i < Math.Abs(rest) ? Math.Sign(rest) : 0);
        }

        return result;
    }
}
