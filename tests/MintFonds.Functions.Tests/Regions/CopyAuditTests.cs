using System.Text.Json.Nodes;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Tests.Contracts;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Regions;

/// <summary>
/// The copy's two audit entries (<c>fund.create</c>, <c>fund.copy</c>) share the new fund's audit partition and are
/// written in one transaction, hash-chained in that order: a failed write leaves neither (the fund exists, its trail
/// is empty), and the repeated request writes both, together, the chain intact.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CopyAuditTests(SharedFixture shared)
{
    private static readonly OpenApiDocument Document = OpenApiDocument.Load();

    [Fact]
    public async Task The_copys_create_and_copy_entries_are_written_together_or_not_at_all_and_chain_in_order()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, DateTimeOffset.UtcNow);
        var app = measured.App;
        var create = Document.Operations().Single(o => o.Id == "CreateFund");
        var template = (JsonObject)create.Examples(create.RequestContent["application/json"]).First().Value!.DeepClone();
        var templateId = "tpl-" + Guid.NewGuid().ToString("N")[..10];
        template["id"] = templateId;
        Assert.Equal(201, (await OperationDriver.InvokeAsync(app, create, new Dictionary<string, string>(), body: template.ToJsonString(), token: app.PlatformAdminToken)).Status);
        var copyOperation = Document.Operations().Single(o => o.Id == "CopyFund");
        var copy = (JsonObject)copyOperation.Examples(copyOperation.RequestContent["application/json"]).First().Value!.DeepClone();
        var region = "rh-" + Guid.NewGuid().ToString("N")[..10];
        copy["id"] = region;

        // The audit transaction fails (storage unreachable for it): the fund is stored, its trail holds neither entry.
        measured.Hooks.Fail(m => StorageHooks.IsTransactionWriting(m, AuditChain.HeadKey), () => new IOException("Test: connection reset."), times: 100);
        var failed = await OperationDriver.InvokeAsync(app, copyOperation, new Dictionary<string, string> { ["fundId"] = templateId }, body: copy.ToJsonString(), token: app.PlatformAdminToken);
        measured.Hooks.Clear();
        Assert.True(failed.Status >= 500, failed.ToString());
        Assert.Empty(await app.Get<AuditLog>().ListAsync(region, 10, CancellationToken.None));

        // The repeat finds the fund and writes both entries at once, in chain order.
        var repeated = await OperationDriver.InvokeAsync(app, copyOperation, new Dictionary<string, string> { ["fundId"] = templateId }, body: copy.ToJsonString(), token: app.PlatformAdminToken);
        Assert.True(repeated.Status == 200, repeated.ToString());
        var entries = (await app.Get<AuditLog>().ListAsync(region, 10, CancellationToken.None)).OrderBy(e => e.Sequence).ToList();
        Assert.Equal(["fund.create", "fund.copy"], entries.Select(e => e.Action));
        Assert.Equal([1L, 2L], entries.Select(e => e.Sequence!.Value));
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.Equal(templateId, entries[1].FromState);

        var verified = await OperationDriver.InvokeAsync(
            app, Document.Operations().Single(o => o.Id == "VerifyAudit"), new Dictionary<string, string> { ["fundId"] = region }, token: app.PlatformAdminToken);
        Assert.True(verified.Json.GetProperty("intact").GetBoolean(), verified.Body);
        Assert.Equal(2, verified.Json.GetProperty("headSequence").GetInt64());

        // And a third time: nothing more.
        Assert.Equal(200, (await OperationDriver.InvokeAsync(app, copyOperation, new Dictionary<string, string> { ["fundId"] = templateId }, body: copy.ToJsonString(), token: app.PlatformAdminToken)).Status);
        Assert.Equal(2, (await app.Get<AuditLog>().ListAsync(region, 10, CancellationToken.None)).Count);
    }
}
