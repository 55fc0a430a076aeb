using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Payouts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Decisions.DecisionTestKit;
using static MintFonds.Functions.Tests.Payouts.PayoutTestKit;

namespace MintFonds.Functions.Tests.Payouts;

/// <summary>Races and crashes: the same grant in one file only, the same statement taken once, no orphaned upload.</summary>
[Collection(AppCollection.Name)]
public sealed class PayoutRaceTests(SharedFixture shared)
{
    [Fact]
    public async Task Concurrent_exports_put_each_grant_into_exactly_one_file()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m, 200m, 100m]);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => ExportAsync(app, fundId, new { allDue = true }))));

        Assert.All(answers, a => Assert.True(a.Status is 201 or 409, a.ToString()));
        var files = answers.Where(a => a.Status == 201).ToList();
        var exported = files.SelectMany(f => f.Json.GetProperty("transfers").EnumerateArray().Select(t => t.GetProperty("reference").GetString())).ToList();
        Assert.Equal(references.Order(), exported.Order()); // every grant once, none twice
        foreach (var reference in references)
        {
            Assert.Single((await DecisionAsync(app, fundId, reference)).Payouts);
        }

        var sum = files.Sum(f => f.Json.GetProperty("controlSum").GetDecimal());
        Assert.Equal(600m, sum);
    }

    [Fact]
    public async Task The_same_statement_imported_concurrently_is_taken_once()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        var pledge = await PledgeAsync(app, fundId);
        var day = new DateOnly(2026, 11, 25);
        var statement = CamtSamples.Statement(
            CamtSamples.V08,
            CamtSamples.FundIban,
            new CamtEntry("RACE-1", "CRDT", 500m, day, [new CamtTx(null, 500m, [pledge + "-1"])]),
            new CamtEntry("RACE-2", "CRDT", 20m, day, [new CamtTx(null, 20m, ["ohne Zweck"], "Erika Mustermann")]));

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ImportAsync(app, fundId, statement))));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(1, answers.Sum(a => Outcomes(a.Json, "matched").Count));
        Assert.Equal(2, (await app.Get<PaymentService>().ListAsync(fundId, unmatchedOnly: false, CancellationToken.None)).Count);
        Assert.Equal(500m, (await AddsUpAsync(app, fundId)).PaidIn.ToDecimal());
    }

    [Fact]
    public async Task An_upload_that_crashed_before_its_row_leaves_a_claim_that_the_daily_run_sweeps_with_its_blobs()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m]);
        var blobName = $"{fundId}/proof-of-use/{references[0]}/{Guid.NewGuid():N}";

        // What a crash between the blob upload and the committing transaction leaves: the claim names the blob.
        await app.Storage.Table(TableNames.Ledger).AddEntityAsync(new TableEntity(fundId, PayoutRows.UploadKey("crashed1"))
        {
            ["Reference"] = references[0], ["Blobs"] = JsonSerializer.Serialize(new[] { blobName }), ["CreatedAt"] = app.Time.GetUtcNow(),
        });
        var blob = app.Storage.Container(BlobContainerNames.Attachments).GetBlobClient(blobName);
        await blob.UploadAsync(new BinaryData("%PDF-1.7"));

        await app.Get<ProofOfUseFunctions>().SendProofOfUseReminders(new TimerInfo(), CancellationToken.None);
        Assert.True((await blob.ExistsAsync()).Value); // a fresh claim may still be an upload in progress

        app.Time.Advance(TimeSpan.FromDays(2));
        await app.Get<ProofOfUseFunctions>().SendProofOfUseReminders(new TimerInfo(), CancellationToken.None);
        Assert.False((await blob.ExistsAsync()).Value);
        Assert.Empty(await RowsAsync(app, fundId, PayoutRows.UploadPrefix));
    }
}
