using System.Net;
using Microsoft.AspNetCore.Http;
using MintFonds.Functions.Platform.RateLimits;

namespace MintFonds.Functions.Tests.Abuse;

/// <summary>
/// Which address a client is counted by: the X-Forwarded-For entry that the trusted proxies wrote (counted from the
/// right), never one the caller put in front of it.
/// </summary>
public sealed class ClientKeyTests
{
    [Theory]
    [InlineData("198.51.100.7", 1, "198.51.100.7")]
    [InlineData("10.9.8.1, 198.51.100.7", 1, "198.51.100.7")]
    [InlineData("10.9.8.1,198.51.100.7:52311", 1, "198.51.100.7")]
    [InlineData("10.9.8.1, 198.51.100.7, 203.0.113.250", 2, "198.51.100.7")]
    [InlineData("198.51.100.7", 2, "198.51.100.7")]
    [InlineData("10.9.8.1, 198.51.100.7", 0, "192.0.2.99")]
    [InlineData("10.9.8.1, not-an-address", 1, "192.0.2.99")]
    [InlineData("", 1, "192.0.2.99")]
    [InlineData("2001:db8:1:2:3:4:5:6", 1, "2001:db8:1:2::/64")]
    [InlineData("10.9.8.1, [2001:db8:1:2:3:4:5:6]:443", 1, "2001:db8:1:2::/64")]
    public void The_client_is_the_entry_the_trusted_proxies_wrote(string forwardedFor, int hops, string counted)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.99");
        if (forwardedFor.Length > 0)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        Assert.Equal(counted, ClientKey.Address(context.Request, hops));
    }

    [Fact]
    public void A_header_longer_than_any_proxy_chain_counts_the_connection()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.99");
        context.Request.Headers["X-Forwarded-For"] = string.Join(", ", Enumerable.Range(1, 25).Select(i => $"10.0.0.{i}"));

        Assert.Equal("192.0.2.99", ClientKey.Address(context.Request, 1));
    }
}
