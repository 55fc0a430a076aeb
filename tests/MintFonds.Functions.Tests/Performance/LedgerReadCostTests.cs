using MintFonds.Core.Payments;
using MintFonds.Functions.Access;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.Performance;

/// <summary>
/// The yearly collective-receipt run and the office's list of unmatched payments read the payments they are about
/// (through index rows written with each payment), not every payment ever booked: a fund with a long history costs
/// them the same requests and rows as a new one, and none of their queries is a scan.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LedgerReadCostTests(SharedFixture shared)
{
    private static readonly AdminPrincipal Office = new("00000000-0000-0000-0000-0000000000ad", null, [], IsPlatformAdmin: true);

    [Fact]
    public async Task The_collective_receipt_run_and_the_unmatched_list_cost_the_same_with_a_short_and_a_long_history()
    {
        await using var measured = await MeasuredApp.StartAsync(shared, Now);
        var collective = new List<StorageCounts>();
        var unmatched = new List<StorageCounts>();
        foreach (var history in new[] { 2, 80 })
        {
            var app = measured.App;
            var fundId = await Funds.CallTests.NewFund(app);
            await SubmitAsync(app, fundId, Pledge(schedule: "oneOff", years: null, receiptPreference: "collectiveYearly"));
            var payments = app.Get<PaymentService>();

            // What is being measured: three donations of 2026 for the collective receipt, two payments nobody could match.
            for (var i = 0; i < 3; i++)
            {
                await payments.RecordAsync(fundId, Input(100m + i, new DateOnly(2026, 3 + i, 1), "MRF-P-2026-0001-1"), Office, CancellationToken.None);
            }

            for (var i = 0; i < 2; i++)
            {
                await payments.RecordAsync(fundId, Input(5m + i, new DateOnly(2026, 10, 1), "ohne Verwendungszweck"), Office, CancellationToken.None);
            }

            // History: last year's collective donations (payments receipted one by one would queue jobs other tests meet).
            for (var i = 0; i < history; i++)
            {
                await payments.RecordAsync(fundId, Input(10m + i, new DateOnly(2025, 1 + (i % 12), 1), "MRF-P-2026-0001-1"), Office, CancellationToken.None);
            }

            collective.Add(await measured.CountAsync(async () =>
                Assert.Single(await app.Get<ReceiptService>().IssueCollectiveAsync(fundId, 2026, CancellationToken.None))));
            unmatched.Add(await measured.CountAsync(async () =>
                Assert.Equal(2, (await payments.ListAsync(fundId, unmatchedOnly: true, CancellationToken.None)).Count)));
            await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
        }

        Assert.Equal(Shape(collective[0]), Shape(collective[1]));
        Assert.Equal(Shape(unmatched[0]), Shape(unmatched[1]));
        Assert.Equal(0, collective[1].Scans + unmatched[1].Scans);
        // The three index rows, and each of the three payments read to pick it, to check the draft renders and for the PDF.
        Assert.Equal(3 + (3 * 3), collective[1].RowsFrom("table Ledger"));
        Assert.Equal(4, unmatched[1].RowsFrom("table Ledger"));
    }

    private static PaymentInput Input(decimal amount, DateOnly valueDate, string remittance) => new()
    {
        Amount = Core.Money.Euro.FromDecimal(amount), ValueDate = valueDate, BankReference = "BANK-" + Guid.NewGuid(), PayerName = "RHM GmbH", RemittanceText = remittance,
    };

    private static List<(string Operation, long Requests, long Rows)> Shape(StorageCounts counts) =>
        [.. counts.Operations.Select(o => (o.Operation, o.Requests, o.Rows))];
}
