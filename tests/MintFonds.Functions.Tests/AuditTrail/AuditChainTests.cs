using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.AuditTrail;

/// <summary>
/// "The audit trail becomes tamper-evident": entries of things done are hash-chained per fund, refusals are not (they
/// must not contend for the chain head), racing writers never fork the chain, a lost answer adds no second entry, and
/// GET /api/manage/funds/{fundId}/audit/verify names the first broken link after a row is altered, forged or deleted.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AuditChainTests(SharedFixture shared)
{
    [Fact]
    public async Task Done_entries_form_an_intact_chain_and_refusals_stay_outside_it()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        await WriteAsync(app, fundId, 3);
        await app.Get<AuditLog>().WriteAsync(new AuditEntry { Subject = fundId, Action = "fund.read", Outcome = AuditOutcome.Refused, Reason = "test" }, CancellationToken.None);

        var entries = await app.Get<AuditLog>().ListAsync(fundId, 100, CancellationToken.None);
        var chained = entries.Where(e => e.Sequence is not null).OrderBy(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, chained.Count).Select(i => (long)i), chained.Select(e => e.Sequence!.Value));
        Assert.Equal(AuditChain.Genesis, chained[0].PreviousHash);
        Assert.All(chained.Skip(1).Zip(chained), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.All(entries.Where(e => e.Outcome == AuditOutcome.Refused), e => Assert.Null(e.Sequence));

        // Newest first by row key is chain order: what the paged verification relies on.
        Assert.Equal(chained.Select(e => e.Id).Reverse(), entries.Where(e => e.Sequence is not null).Select(e => e.Id));

        var verified = await VerifyAsync(app, fundId);
        Assert.Equal(200, verified.Status);
        Assert.True(verified.Json.GetProperty("intact").GetBoolean(), verified.ToString());
        Assert.True(verified.Json.GetProperty("complete").GetBoolean());
        Assert.Equal(chained.Count, verified.Json.GetProperty("headSequence").GetInt64());
        Assert.Equal(chained.Count, verified.Json.GetProperty("checked").GetInt64());

        // The list route shows the chain fields; the head row is no entry.
        Assert.DoesNotContain(entries, e => e.Id == AuditChain.HeadKey);
    }

    [Fact]
    public async Task An_altered_entry_is_named_by_its_sequence_number()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        await WriteAsync(app, fundId, 5);
        var victim = await EntryAsync(app, fundId, 3);

        await RewriteAsync(app, fundId, victim.Id!, victim with { ToState = "approved" });

        var broken = (await VerifyAsync(app, fundId)).Json;
        Assert.False(broken.GetProperty("intact").GetBoolean());
        var link = broken.GetProperty("firstBrokenLink");
        Assert.Equal(3, link.GetProperty("sequence").GetInt64());
        Assert.Equal(victim.Id, link.GetProperty("entryId").GetString());
        Assert.StartsWith("altered", link.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_entry_with_a_recomputed_hash_breaks_the_next_link()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        await WriteAsync(app, fundId, 4);
        var victim = await EntryAsync(app, fundId, 2);
        var forged = victim with { PrincipalId = "00000000-0000-0000-0000-00000000beef" };

        await RewriteAsync(app, fundId, victim.Id!, forged with { Hash = AuditChain.HashOf(forged) });

        var link = (await VerifyAsync(app, fundId)).Json.GetProperty("firstBrokenLink");
        Assert.Equal(2, link.GetProperty("sequence").GetInt64());
        Assert.StartsWith("replaced", link.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_entry_is_reported_missing()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        await WriteAsync(app, fundId, 4);
        var victim = await EntryAsync(app, fundId, 2);

        await app.Storage.Table(TableNames.Audit).DeleteEntityAsync(fundId, victim.Id!, ETag.All);

        var link = (await VerifyAsync(app, fundId)).Json.GetProperty("firstBrokenLink");
        Assert.Equal(2, link.GetProperty("sequence").GetInt64());
        Assert.StartsWith("missing", link.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Racing_writers_never_fork_the_chain()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var before = (await app.Get<AuditLog>().ListAsync(fundId, 100, CancellationToken.None)).Count(e => e.Sequence is not null);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => app.Get<AuditLog>().WriteAsync(Entry(fundId, i), CancellationToken.None)));

        var sequences = (await app.Get<AuditLog>().ListAsync(fundId, 100, CancellationToken.None)).Where(e => e.Sequence is not null).Select(e => e.Sequence!.Value).Order().ToList();
        Assert.Equal(Enumerable.Range(1, before + 12).Select(i => (long)i), sequences);
        Assert.True((await VerifyAsync(app, fundId)).Json.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task A_committed_entry_whose_answer_was_lost_is_written_once()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, DateTimeOffset.UtcNow);
        var app = measured.App;
        var fundId = await CallTests.NewFund(app);
        var before = (await app.Get<AuditLog>().ListAsync(fundId, 100, CancellationToken.None)).Count;

        measured.Hooks.LoseAnswer(m => StorageHooks.IsTransactionWriting(m, AuditChain.HeadKey));
        await app.Get<AuditLog>().WriteAsync(Entry(fundId, 99), CancellationToken.None);

        var entries = await app.Get<AuditLog>().ListAsync(fundId, 100, CancellationToken.None);
        Assert.Equal(before + 1, entries.Count);
        Assert.Single(entries, e => e.Target == "test/99");
        Assert.True((await VerifyAsync(app, fundId)).Json.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Verification_needs_read_access_and_a_valid_token()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);

        Assert.Equal(403, (await VerifyAsync(app, fundId, app.TokenFor("00000000-0000-0000-0000-0000000000f1"))).Status);
        var bad = await VerifyAsync(app, fundId, query: "?continuationToken=not-a-token");
        Assert.Equal(400, bad.Status);
        Assert.Equal(["continuationToken"], bad.ProblemFields);
    }

    private static AuditEntry Entry(string fundId, int i) =>
        new() { Subject = fundId, Action = "test.changed", Outcome = AuditOutcome.Done, PrincipalId = "00000000-0000-0000-0000-000000000001", Target = $"test/{i}", FromState = "a", ToState = "b" };

    private static async Task WriteAsync(TestApp app, string fundId, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await app.Get<AuditLog>().WriteAsync(Entry(fundId, i), CancellationToken.None);
        }
    }

    private static async Task<AuditEntry> EntryAsync(TestApp app, string fundId, long sequence) =>
        (await app.Get<AuditLog>().ListAsync(fundId, 100, CancellationToken.None)).Single(e => e.Sequence == sequence);

    /// <summary>What someone with write access to the table could do: replace a row's document in place.</summary>
    private static async Task RewriteAsync(TestApp app, string fundId, string rowKey, AuditEntry entry)
    {
        var table = app.Storage.Table(TableNames.Audit);
        var row = (await table.GetEntityAsync<TableEntity>(fundId, rowKey)).Value;
        row["Json"] = JsonSerializer.Serialize(entry, Core.Json.MintFondsJson.Storage);
        await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
    }

    private static Task<TestResponse> VerifyAsync(TestApp app, string fundId, string? token = null, string query = "") =>
        app.CallAsync<AuditFunctions>(
            "GET", $"/api/manage/funds/{fundId}/audit/verify{query}", (f, r) => f.VerifyAudit(r, fundId, CancellationToken.None), token: token ?? app.PlatformAdminToken);
}
