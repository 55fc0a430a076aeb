using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MintFonds.Functions.Access;

/// <summary>
/// Who a caller without a token is, for counting only: the first address of X-Forwarded-For (where proxies name the
/// original client), else the connection's remote address. A caller can write that header itself; the per-fund limit
/// bounds what made-up addresses buy. IP addresses are personal data, so only a hash of the address and the hour is
/// kept; with the hour in the hash, keys of different hours cannot be linked. An IPv6 client is its /64 network: one
/// subscriber usually has all of it.
/// </summary>
public static class ClientKey
{
    private const int MaxForwardedLength = 100;

    public static string For(HttpRequest request, DateTimeOffset hour)
    {
        var material = $"mintfonds-client|{hour.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture)}|{Address(request)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)))[..32];
    }

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
