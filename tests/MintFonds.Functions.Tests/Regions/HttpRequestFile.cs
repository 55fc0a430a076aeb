using System.Text.RegularExpressions;

namespace MintFonds.Functions.Tests.Regions;

/// <summary>
/// A <c>.http</c> file as the VS Code REST Client and the JetBrains HTTP Client read it: <c>@name = value</c>
/// variables, requests separated by lines starting with <c>###</c>, each a request line, headers, a blank line and a
/// body (or <c>&lt; ./file</c> for a file's bytes); <c>#</c> lines are comments. <c>{{name}}</c> is replaced by the
/// variable's value.
/// </summary>
public sealed partial class HttpRequestFile
{
    private HttpRequestFile(IReadOnlyDictionary<string, string> variables, IReadOnlyList<HttpFileRequest> requests)
    {
        Variables = variables;
        Requests = requests;
    }

    public IReadOnlyDictionary<string, string> Variables { get; }

    public IReadOnlyList<HttpFileRequest> Requests { get; }

    public static HttpRequestFile Parse(string text)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var requests = new List<HttpFileRequest>();
        var blocks = Regex.Split(text.Replace("\r\n", "\n", StringComparison.Ordinal), "^###.*$", RegexOptions.Multiline);
        foreach (var block in blocks)
        {
            var lines = block.Split('\n');
            var at = 0;
            string? title = null;
            for (; at < lines.Length; at++)
            {
                var line = lines[at].Trim();
                if (Variable().Match(line) is { Success: true } variable)
                {
                    variables[variable.Groups["name"].Value] = variable.Groups["value"].Value.Trim();
                }
                else if (RequestLine().IsMatch(line))
                {
                    break;
                }
                else if (line.StartsWith('#'))
                {
                    title ??= line.TrimStart('#', ' ');
                }
            }

            if (at >= lines.Length)
            {
                continue;
            }

            var request = RequestLine().Match(lines[at].Trim());
            var headers = new List<KeyValuePair<string, string>>();
            for (at++; at < lines.Length && lines[at].Trim().Length > 0; at++)
            {
                var colon = lines[at].IndexOf(':', StringComparison.Ordinal);
                headers.Add(new(lines[at][..colon].Trim(), lines[at][(colon + 1)..].Trim()));
            }

            var body = string.Join('\n', lines.Skip(at + 1).Where(l => !l.TrimStart().StartsWith('#'))).Trim();
            requests.Add(new HttpFileRequest(
                title, request.Groups["method"].Value, request.Groups["target"].Value, headers,
                body.StartsWith("< ", StringComparison.Ordinal) ? null : body.Length == 0 ? null : body,
                body.StartsWith("< ", StringComparison.Ordinal) ? body[2..].Trim() : null));
        }

        return new HttpRequestFile(variables, requests);
    }

    /// <summary>Replaces every <c>{{name}}</c> by its value (the file's own, overridden by <paramref name="overrides"/>).</summary>
    public string Fill(string text, IReadOnlyDictionary<string, string> overrides) =>
        Placeholder().Replace(text, m =>
        {
            var name = m.Groups["name"].Value;
            return overrides.TryGetValue(name, out var given) ? given
                : Variables.TryGetValue(name, out var own) ? Fill(own, overrides)
                : throw new InvalidOperationException($"No value for {{{{{name}}}}}.");
        });

    [GeneratedRegex(@"^@(?<name>\w+)\s*=\s*(?<value>.*)$")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^(?<method>GET|POST|PUT|DELETE|PATCH) (?<target>\S+)")]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"\{\{(?<name>\w+)\}\}")]
    private static partial Regex Placeholder();
}

/// <param name="Title">The first comment line above the request (the step's description).</param>
/// <param name="BodyFile">The file named by <c>&lt; ./file</c>, whose bytes are the body.</param>
public sealed record HttpFileRequest(
    string? Title, string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body, string? BodyFile);
