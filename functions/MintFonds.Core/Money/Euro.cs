using System.Globalization;

namespace MintFonds.Core.Money;

/// <summary>An exact euro amount, held as whole cents so no floating point ever touches money.</summary>
public readonly record struct Euro(long Cents) : IComparable<Euro>
{
    public static readonly Euro Zero = new(0);

    /// <summary>Upper bound for any single amount the system accepts (999.999.999,99 €, the SEPA limit).</summary>
    public static readonly Euro Max = new(99_999_999_999);

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private static readonly decimal MaxDecimal = long.MaxValue / 100m;

    /// <summary>Converts a decimal euro amount; refuses more than two decimal places instead of rounding.</summary>
    public static bool TryFromDecimal(decimal euros, out Euro amount)
    {
        // Range first: multiplying a huge decimal by 100 would overflow instead of failing politely.
        if (euros > MaxDecimal || euros < -MaxDecimal)
        {
            amount = Zero;
            return false;
        }

        var cents = euros * 100m;
        if (cents != decimal.Truncate(cents))
        {
            amount = Zero;
            return false;
        }

        amount = new Euro((long)cents);
        return true;
    }

    public static Euro FromDecimal(decimal euros) =>
        TryFromDecimal(euros, out var amount)
            ? amount
            : throw new ArgumentException("A euro amount has at most two decimal places.", nameof(euros));

    public decimal ToDecimal() => Cents / 100m;

    public bool IsNegative => Cents < 0;

    public static Euro operator +(Euro a, Euro b) => new(checked(a.Cents + b.Cents));

    public static Euro operator -(Euro a, Euro b) => new(checked(a.Cents - b.Cents));

    public static bool operator <(Euro a, Euro b) => a.Cents < b.Cents;

    public static bool operator >(Euro a, Euro b) => a.Cents > b.Cents;

    public static bool operator <=(Euro a, Euro b) => a.Cents <= b.Cents;

    public static bool operator >=(Euro a, Euro b) => a.Cents >= b.Cents;

    public int CompareTo(Euro other) => Cents.CompareTo(other.Cents);

    /// <summary>German display form, e.g. "1.250,00 €".</summary>
    public string ToGermanString() => ToDecimal().ToString("#,##0.00", German) + " €";

    public override string ToString() => ToDecimal().ToString("0.00", CultureInfo.InvariantCulture);
}
