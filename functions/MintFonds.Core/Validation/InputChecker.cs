using MintFonds.Core.Money;
using MintFonds.Core.Text;

namespace MintFonds.Core.Validation;

/// <summary>
/// Collects every problem of one input instead of stopping at the first, so a form can show them all at once.
/// Each method returns the cleaned value (normalised text, canonical IBAN) or null when the field is bad or missing.
/// </summary>
public sealed class InputChecker
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    public string? Text(string field, string? value, int maxLength, bool required = true, bool multiLine = false)
    {
        // Before normalising: an unpaired surrogate cannot be normalised, and storing it would store U+FFFD instead.
        if (value is not null && TextNormalizer.HasInvalidCharacters(value))
        {
            Add(field, Messages.InvalidCharacters);
            return null;
        }

        var text = TextNormalizer.Normalize(value);
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                Add(field, Messages.Required);
            }

            return null;
        }

        if (TextNormalizer.HasForbiddenControlCharacters(text, multiLine))
        {
            Add(field, Messages.ControlCharacters);
            return null;
        }

        // Counted in text elements so that an emoji counts as one character, as a person would count it.
        if (new System.Globalization.StringInfo(text).LengthInTextElements > maxLength)
        {
            Add(field, Messages.MaxLength(maxLength));
            return null;
        }

        return text;
    }

    public string? Email(string field, string? value, bool required = true)
    {
        var text = Text(field, value, EmailAddress.MaxLength, required);
        if (text is not null && !EmailAddress.IsValid(text))
        {
            Add(field, Messages.Email);
            return null;
        }

        return text;
    }

    public string? Phone(string field, string? value, bool required = false)
    {
        var text = Text(field, value, PhoneNumber.MaxLength, required);
        if (text is not null && !PhoneNumber.IsValid(text))
        {
            Add(field, Messages.Phone);
            return null;
        }

        return text;
    }

    public string? IbanField(string field, string? value)
    {
        var text = Text(field, value, 42);
        if (text is null)
        {
            return null;
        }

        if (!Iban.IsValid(text))
        {
            Add(field, Messages.Iban);
            return null;
        }

        return Iban.Canonical(text);
    }

    public string? BicField(string field, string? value)
    {
        var text = Text(field, value, 11, required: false);
        if (text is null)
        {
            return null;
        }

        var canonical = text.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (!Bic.IsValid(canonical))
        {
            Add(field, Messages.Bic);
            return null;
        }

        return canonical;
    }

    public string? SlugField(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, Messages.Required);
            return null;
        }

        if (!Slug.IsValid(value))
        {
            Add(field, Messages.Slug);
            return null;
        }

        return value;
    }

    public string? PostalCode(string field, string? value)
    {
        var text = Text(field, value, 5);
        if (text is not null && (text.Length != 5 || !text.All(char.IsAsciiDigit)))
        {
            Add(field, Messages.PostalCode);
            return null;
        }

        return text;
    }

    public string? HttpsUrl(string field, string? value, bool required = false)
    {
        var text = Text(field, value, 500, required);
        if (text is not null && (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            Add(field, Messages.Url);
            return null;
        }

        return text;
    }

    public Euro? Amount(string field, Euro? value, Euro min, Euro max, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, Messages.Required);
            }

            return null;
        }

        if (value.Value < min || value.Value > max)
        {
            Add(field, Messages.AmountRange(min.ToGermanString(), max.ToGermanString()));
            return null;
        }

        return value;
    }

    public T? RequiredValue<T>(string field, T? value)
        where T : struct
    {
        if (value is null)
        {
            Add(field, Messages.Required);
        }

        return value;
    }

    public T? Required<T>(string field, T? value)
        where T : class
    {
        if (value is null)
        {
            Add(field, Messages.Required);
        }

        return value;
    }

    public bool InRange(string field, decimal? value, decimal min, decimal max)
    {
        if (value is not null && (value < min || value > max))
        {
            Add(field, Messages.Range(min, max));
            return false;
        }

        return true;
    }

    /// <summary>Checks a list's size and that no entry repeats; returns a copy safe to store.</summary>
    public IReadOnlyList<T>? DistinctList<T>(string field, IReadOnlyList<T>? values, int maxItems)
    {
        if (values is null)
        {
            return null;
        }

        if (values.Count > maxItems)
        {
            Add(field, Messages.MaxItems(maxItems));
            return null;
        }

        var seen = new HashSet<T>();
        for (var i = 0; i < values.Count; i++)
        {
            if (!seen.Add(values[i]))
            {
                Add($"{field}[{i}]", Messages.Duplicate);
                return null;
            }
        }

        return [.. values];
    }
}
