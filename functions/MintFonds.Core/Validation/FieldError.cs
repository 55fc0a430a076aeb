namespace MintFonds.Core.Validation;

/// <summary>One problem with one input field. <see cref="Field"/> is a JSON path without the leading "$.", e.g. "rules.districts[2]".</summary>
public sealed record FieldError(string Field, string Message);
