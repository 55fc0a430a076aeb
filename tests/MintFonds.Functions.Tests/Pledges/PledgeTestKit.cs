using MintFonds.Core.Payments;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Pledges;

/// <summary>Pledge and payment calls as the web form and the office make them.</summary>
public static class PledgeTestKit
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    public static Dictionary<string, object?> Pledge(
        string name = "Rheinhessische Maschinenbau GmbH",
        string email = "foerderung@rhm-maschinenbau.example",
        string kind = "donation",
        string schedule = "yearly",
        int? years = 3,
        decimal amount = 500.00m,
        string receiptPreference = "perPayment") => new()
        {
            ["sponsor"] = new Dictionary<string, object?>
            {
                ["type"] = "unternehmen",
                ["name"] = name,
                ["street"] = "Am Hafen 7",
                ["postalCode"] = "55411",
                ["city"] = "Bingen am Rhein",
                ["contactPerson"] = "Dr. Anna Groß",
                ["email"] = email,
            },
            ["amount"] = amount,
            ["schedule"] = schedule,
            ["years"] = years,
            ["firstDueOn"] = "2027-01-15",
            ["kind"] = kind,
            ["earmark"] = new Dictionary<string, object?> { ["educationStages"] = new[] { "kita", "primarstufe" }, ["districts"] = new[] { "Landkreis Mainz-Bingen" } },
            ["publicNameConsent"] = true,
            ["receiptPreference"] = receiptPreference,
            ["privacyNoticeVersion"] = "2026-01",
            ["privacyNoticeAccepted"] = true,
        };

    /// <summary>Posts as the web form does: with a challenge fetched a minute ago (see <see cref="TestApp.FormHeadersAsync"/>).</summary>
    public static async Task<TestResponse> SubmitAsync(TestApp app, string fundId, object pledge, string? idempotencyKey = null) =>
        await app.CallAsync<PledgeFunctions>(
            "POST", $"/api/funds/{fundId}/pledges", (f, r) => f.SubmitPledge(r, fundId, CancellationToken.None), pledge,
            headers: await app.FormHeadersAsync(
                fundId, extra: idempotencyKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey }));

    public static Task<TestResponse> RecordPaymentAsync(TestApp app, string fundId, decimal amount, string bankReference, string? remittance, string valueDate = "2026-11-25") =>
        app.CallAsync<PaymentAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/payments", (f, r) => f.RecordPayment(r, fundId, CancellationToken.None),
            new Dictionary<string, object?>
            {
                ["amount"] = amount, ["valueDate"] = valueDate, ["bankReference"] = bankReference, ["payerName"] = "RHM GmbH", ["remittanceText"] = remittance,
            },
            app.PlatformAdminToken);

    public static PaymentInput PaymentInput(decimal amount, string bankReference, string? remittance) =>
        new() { Amount = Core.Money.Euro.FromDecimal(amount), ValueDate = new DateOnly(2026, 11, 25), BankReference = bankReference, PayerName = "RHM GmbH", RemittanceText = remittance };
}
