using Azure.Data.Tables;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Applications;

/// <summary>Shared steps of the application tests: a fund with an open rolling call, and the three applicant calls.</summary>
public static class ApplicationTestKit
{
    /// <summary>10:00 in Bingen, 26 November 2026.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A project start that respects the 28-day lead time from <see cref="Now"/>.</summary>
    public static readonly DateOnly Start = new(2027, 1, 15);

    public static async Task<string> FundWithOpenCallAsync(TestApp app, Action<Dictionary<string, object?>>? adjustCall = null)
    {
        var fundId = await CallTests.NewFund(app);
        var call = TestData.Call("laufend", new DateOnly(2026, 1, 1));
        adjustCall?.Invoke(call);
        var created = await CallTests.CreateCall(app, fundId, call);
        Assert.Equal(201, created.Status);
        return fundId;
    }

    public static Task<TestResponse> SubmitAsync(TestApp app, string fundId, object application, string? idempotencyKey = null, string callId = "laufend") =>
        app.CallAsync<ApplicationFunctions>(
            "POST",
            $"/api/funds/{fundId}/calls/{callId}/applications",
            (f, r) => f.SubmitApplication(r, fundId, callId, CancellationToken.None),
            application,
            headers: idempotencyKey is null ? null : new Dictionary<string, string> { [ApplicationFunctions.IdempotencyHeader] = idempotencyKey });

    public static Task<TestResponse> StatusAsync(TestApp app, string fundId, string reference, string? token) =>
        app.CallAsync<ApplicationFunctions>(
            "GET",
            $"/api/funds/{fundId}/applications/{reference}/status",
            (f, r) => f.GetApplicationStatus(r, fundId, reference, CancellationToken.None),
            headers: token is null ? null : new Dictionary<string, string> { [ApplicationFunctions.TokenHeader] = token });

    public static Task<TestResponse> WithdrawAsync(TestApp app, string fundId, string reference, string? token) =>
        app.CallAsync<ApplicationFunctions>(
            "POST",
            $"/api/funds/{fundId}/applications/{reference}/withdraw",
            (f, r) => f.WithdrawApplication(r, fundId, reference, CancellationToken.None),
            headers: token is null ? null : new Dictionary<string, string> { [ApplicationFunctions.TokenHeader] = token });

    /// <summary>Every row of the fund's partition in the Applications table, by row key.</summary>
    public static async Task<List<TableEntity>> RowsAsync(TestApp app, string fundId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in app.Storage.Table(TableNames.Applications).QueryAsync<TableEntity>(e => e.PartitionKey == fundId))
        {
            rows.Add(row);
        }

        return rows;
    }
}
