using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MintFonds.Functions.Platform.RateLimits;

/// <summary>
/// Who a caller without a token is, for counting only: the address that the trusted proxies in front of the app saw.
/// Each proxy appends the address it was connected from to X-Forwarded-For, so with <c>trustedProxyHops</c> proxies
/// (App Service's front end: 1) the client is that many entries from the right; whatever stands further left the
/// caller wrote itself, and taking it would let anyone choose a fresh identity per request. Without the header (or
/// with 0 hops) the connection's remote address counts. Every limit per client still comes with a limit for all
/// clients together, which bounds what a misconfigured hop count could let made-up addresses buy. IP
/// addresses are personal data, so only a hash of the address and the counting window is kept; with the window in
/// the hash, keys of different windows cannot be linked. An IPv6 client is its /64 network: one subscriber usually
/// has all of it.
/// </summary>
public static class ClientKey
{
    private const int MaxForwardedLength = 100;

    private const int MaxForwardedEntries = 20;

    public static string For(HttpRequest request, FixedWindow window, int trustedProxyHops) =>
        SubjectKey.Hash("mintfonds-client", window, Address(request, trustedProxyHops));

    /// <summary>The address counted for <paramref name="request"/>, before hashing (exposed for tests).</summary>
    public static string Address(HttpRequest request, int trustedProxyHops)
    {
        var forwarded = Forwarded(request.Headers["X-Forwarded-For"].ToString(), trustedProxyHops);
        var address = forwarded is not null && IPEndPoint.TryParse(forwarded, out var endpoint)
            ? endpoint.Address
            : request.HttpContext.Connection.RemoteIpAddress;
        return address is null ? "unknown" : Normalize(address);
    }

    /// <summary>The entry <paramref name="hops"/> places from the right; with fewer entries the leftmost (the first trusted proxy's).</summary>
    private static string? Forwarded(string header, int hops)
    {
        if (hops < 1 || header.Length == 0 || header.Length > MaxForwardedLength * MaxForwardedEntries)
        {
            return null;
        }

        var entries = header.Split(',', MaxForwardedEntries + 1, StringSplitOptions.TrimEntries);
        if (entries.Length > MaxForwardedEntries)
        {
            return null;
        }

        var entry = entries[Math.Max(0, entries.Length - hops)];
        return entry.Length is > 0 and <= MaxForwardedLength ? entry : null;
    }

    private static string Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

/// <summary>
/// Keys for counting per person without keeping who the person is: a hash of a purpose, the counting window and the
/// value (an address, an e-mail address). The same value gives another key in the next window.
/// </summary>
public static class SubjectKey
{
    public const int Length = 32;

    public static string Hash(string purpose, FixedWindow window, string value) => Hash(purpose, window.Label, value);

    public static string Hash(string purpose, string window, string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{purpose}|{window}|{value}")))[..Length];

    /// <summary>An e-mail address as one person has it, whatever the case or spacing: trimmed, NFC, lower case.</summary>
    public static string NormaliseEmail(string email)
    {
        var trimmed = email.Trim();
        try
        {
            trimmed = trimmed.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Not valid UTF-16: validation refuses such an address anyway; counting it as it came is enough.
        }

        return trimmed.ToLowerInvariant();
    }
}
