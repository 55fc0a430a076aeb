using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using MintFonds.Core.Json;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.Pledges;

[Collection(AppCollection.Name)]
public sealed class PaymentTests(SharedFixture shared)
{
    [Fact]
    public async Task A_payment_whose_text_carries_the_reference_is_matched_and_gets_a_receipt_job()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge());
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);

        // Banks break long texts at fixed widths and add their own words.
        var response = await RecordPaymentAsync(app, fundId, 500.00m, "BANK-" + Guid.NewGuid(), "SVWZ+MRF-P-2026-00\n01-2 MINT-Fonds Spende");

        Assert.Equal(201, response.Status);
        var match = response.Json.GetProperty("match");
        Assert.Equal("MRF-P-2026-0001", match.GetProperty("pledgeReference").GetString());
        Assert.Equal(2, match.GetProperty("instalment").GetInt32());
        Assert.Equal("donation", match.GetProperty("kind").GetString());
        Assert.Equal(["kita", "primarstufe"], match.GetProperty("earmark").GetProperty("educationStages").EnumerateArray().Select(e => e.GetString()));
        var job = Assert.Single(await TakeReceiptJobsAsync(fundId));
        Assert.Equal(response.Json.GetProperty("id").GetString(), job.PaymentId);
    }

    [Fact]
    public async Task The_same_bank_reference_recorded_twice_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge());
        var reference = "BANK-" + Guid.NewGuid();

        var first = await RecordPaymentAsync(app, fundId, 500.00m, reference, "MRF-P-2026-0001-1");
        var again = await RecordPaymentAsync(app, fundId, 500.00m, reference, "MRF-P-2026-0001-1");

        Assert.Equal(201, first.Status);
        Assert.Equal(200, again.Status);
        Assert.Equal(first.Json.GetProperty("id").GetString(), again.Json.GetProperty("id").GetString());
        Assert.Single(await TakeReceiptJobsAsync(fundId));
        Assert.Single((await app.Get<PaymentService>().ListAsync(fundId, unmatchedOnly: false, CancellationToken.None)));
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task An_unmatched_payment_is_listed_and_the_office_assigns_it_exactly_to_the_cent()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge());
        var recorded = await RecordPaymentAsync(app, fundId, 333.33m, "BANK-" + Guid.NewGuid(), "Spende für die Schulen");
        var id = recorded.Json.GetProperty("id").GetString()!;

        var unmatched = await app.CallAsync<PaymentAdminFunctions>(
            "GET", $"/api/manage/funds/{fundId}/payments", (f, r) => { r.QueryString = new Microsoft.AspNetCore.Http.QueryString("?status=unmatched"); return f.ListPayments(r, fundId, CancellationToken.None); },
            token: app.PlatformAdminToken);
        Assert.Equal([id], unmatched.Json.GetProperty("payments").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Empty(await TakeReceiptJobsAsync(fundId));

        var assigned = await Assign(app, fundId, id, "MRF-P-2026-0001-1");
        var twice = await Assign(app, fundId, id, "MRF-P-2026-0001-1");
        var unknown = await Assign(app, fundId, (await RecordPaymentAsync(app, fundId, 10m, "BANK-" + Guid.NewGuid(), null)).Json.GetProperty("id").GetString()!, "MRF-P-2026-9999-1");

        Assert.Equal(200, assigned.Status);
        Assert.Equal(333.33m, assigned.Json.GetProperty("amount").GetDecimal());
        Assert.Equal("MRF-P-2026-0001", assigned.Json.GetProperty("match").GetProperty("pledgeReference").GetString());
        Assert.Equal(409, twice.Status);
        Assert.Equal(422, unknown.Status);
        Assert.Single(await TakeReceiptJobsAsync(fundId));
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task Another_booking_under_a_known_bank_reference_is_a_conflict_and_a_future_value_date_is_refused()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        var reference = "BANK-" + Guid.NewGuid();
        await RecordPaymentAsync(app, fundId, 500.00m, reference, null);

        var other = await RecordPaymentAsync(app, fundId, 499.99m, reference, null);
        var future = await RecordPaymentAsync(app, fundId, 10m, "BANK-" + Guid.NewGuid(), null, valueDate: "2026-11-27");

        Assert.Equal(409, other.Status);
        Assert.Equal(["bankReference"], other.ProblemFields);
        Assert.Equal(422, future.Status);
        Assert.Equal(["valueDate"], future.ProblemFields);
        Assert.Single(await app.Get<PaymentService>().ListAsync(fundId, unmatchedOnly: false, CancellationToken.None));
    }

    [Theory]
    [InlineData("donation", "collectiveYearly", 0)]
    [InlineData("donation", "perPayment", 1)]
    [InlineData("sponsoring", "perPayment", 1)]
    public async Task Only_payments_that_need_a_document_now_get_a_receipt_job(string kind, string preference, int jobs)
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);
        await SubmitAsync(app, fundId, Pledge(kind: kind, receiptPreference: preference));

        await RecordPaymentAsync(app, fundId, 500m, "BANK-" + Guid.NewGuid(), "MRF-P-2026-0001-1");

        Assert.Equal(jobs, (await TakeReceiptJobsAsync(fundId)).Count);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    private static Task<TestResponse> Assign(TestApp app, string fundId, string paymentId, string reference) =>
        app.CallAsync<PaymentAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/payments/{paymentId}/assign", (f, r) => f.AssignPayment(r, fundId, paymentId, CancellationToken.None),
            new Dictionary<string, object?> { ["remittanceReference"] = reference }, app.PlatformAdminToken);

    private async Task<List<ReceiptJob>> TakeReceiptJobsAsync(string fundId)
    {
        var queue = new QueueClient(shared.Azurite.ConnectionString, QueueNames.Receipts);
        var jobs = new List<ReceiptJob>();
        foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(2))).Value)
        {
            var job = JsonSerializer.Deserialize<ReceiptJob>(Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText)), MintFondsJson.Storage)!;
            if (job.FundId == fundId)
            {
                jobs.Add(job);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        return jobs;
    }
}
