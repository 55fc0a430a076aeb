using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace MintFonds.Functions.Forms;

/// <summary>One file of the web forms: its bytes, content type and strong ETag (a hash of the bytes).</summary>
public sealed record FormFile(string Path, byte[] Content, string ContentType, string ETag)
{
    public bool IsPage => Path.EndsWith(".html", StringComparison.Ordinal);
}

/// <summary>
/// The web forms' files (<c>Forms/wwwroot</c>), embedded in the assembly so they deploy with the code they call and
/// can never be out of step with it. Read once at start; a request is a dictionary lookup.
/// </summary>
public sealed class FormFiles
{
    public const string ResourcePrefix = "MintFonds.Forms.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".json"] = "application/json; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".woff2"] = "font/woff2",
        [".txt"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, FormFile> _files;

    public FormFiles()
        : this(typeof(FormFiles).Assembly)
    {
    }

    public FormFiles(Assembly assembly)
    {
        var files = new Dictionary<string, FormFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            if (!ContentTypes.TryGetValue(System.IO.Path.GetExtension(path), out var contentType))
            {
                throw new InvalidOperationException($"The form file '{path}' has a type the forms do not serve; add it to {nameof(FormFiles)}.");
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"";
            files[path] = new FormFile(path, bytes, contentType, etag);
        }

        _files = files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Paths => _files.Keys;

    /// <summary>
    /// The file for a request path below <c>/api/forms/</c>: exact (<c>assets/forms.css</c>), or a page without its
    /// extension (<c>apply</c> → <c>apply.html</c>), or the index for an empty path. Paths are matched exactly against
    /// the embedded names, so nothing outside them (<c>..</c>, encoded slashes) can ever be reached.
    /// </summary>
    public FormFile? Find(string? path)
    {
        var key = (path ?? string.Empty).Trim('/');
        if (key.Length == 0)
        {
            key = "index.html";
        }

        return _files.TryGetValue(key, out var file) ? file
            : _files.TryGetValue(key + ".html", out var page) ? page
            : null;
    }
}
