using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MintFonds.Functions.Platform.RateLimits;

/// <summary>
/// Who a caller without a token is, for counting only: the first address of X-Forwarded-For (where proxies name the
/// original client), else the connection's remote address. A caller can write that header itself; every limit per
/// client therefore comes with a limit for all clients together, which bounds what made-up addresses buy. IP
/// addresses are personal data, so only a hash of the address and the counting window is kept; with the window in
/// the hash, keys of different windows cannot be linked. An IPv6 client is its /64 network: one subscriber usually
/// has all of it.
/// </summary>
public static class ClientKey
{
    private const int MaxForwardedLength = 100;

    public static string For(HttpRequest request, FixedWindow window) =>
        SubjectKey.Hash("mintfonds-client", window, Address(request));

    private static string Address(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString().Split(',', 2)[0].Trim();
        var address = forwarded.Length is > 0 and <= MaxForwardedLength && IPEndPoint.TryParse(forwarded, out var endpoint)
            ? endpoint.Address
            : request.HttpContext.Connection.RemoteIpAddress;
        return address is null ? "unknown" : Normalize(address);
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
