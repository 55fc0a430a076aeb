using System.Text.Json;

namespace MintFonds.Core.Json;

/// <summary>
/// A JSON error whose message is meant for the person filling in a form (German, specific), as opposed to the
/// serializer's own technical messages, which the API replaces with a general wording.
/// </summary>
public static class InputFormat
{
    public const string Marker = "MintFonds.InputFormat";

    public static JsonException Error(string message)
    {
        var error = new JsonException(message);
        error.Data[Marker] = true;
        return error;
    }
}
