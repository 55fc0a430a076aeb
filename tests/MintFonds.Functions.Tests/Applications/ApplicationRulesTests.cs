using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;

namespace MintFonds.Functions.Tests.Applications;

/// <summary>Each rule of the call is enforced, every violation is named in one answer, and a refused application writes nothing.</summary>
[Collection(AppCollection.Name)]
public sealed class ApplicationRulesTests(SharedFixture shared)
{
    public static TheoryData<string, object?, string> SingleViolations => new()
    {
        { "project.startDate", "2026-12-01", "project.startDate" },             // less than 28 days ahead
        { "project.endDate", "2027-01-01", "project.endDate" },                 // before the start
        { "budget", new Dictionary<string, object?>                               // over the fund's 500 € maximum
            {
                ["lines"] = new[] { new Dictionary<string, object?> { ["description"] = "Mikroskope", ["amount"] = 650.00m } },
                ["requestedAmount"] = 600.00m,
                ["ownContribution"] = 50.00m,
            }, "budget.requestedAmount" },
        { "budget.ownContribution", 10.00m, "budget.ownContribution" },        // 300 + 10 is not the total of 350
        { "institution.type", "hochschule", "institution.type" },              // not eligible in this call
        { "institution.district", "Frankfurt am Main", "institution.district" },
        { "project.educationStages", new[] { "sekundarstufeII" }, "project.educationStages[0]" },
        { "project.mintFields", Array.Empty<string>(), "project.mintFields" },
        { "project.expectedParticipants", 0, "project.expectedParticipants" },
        { "contact.email", "j.weissmueller(at)schule.de", "contact.email" },
        { "contact.phone", "bitte anrufen", "contact.phone" },
        { "bankAccount.iban", "DE02 1203 0000 0000 2020 52", "bankAccount.iban" },
        { "consents.privacyNoticeAccepted", false, "consents.privacyNoticeAccepted" },
        { "project.title", new string('T', 201), "project.title" },
        { "project.summary", new string('S', 5001), "project.summary" },
        { "institution.name", "Schule\u0007", "institution.name" },
    };

    [Theory]
    [MemberData(nameof(SingleViolations))]
    public async Task Each_rule_violation_is_named_and_nothing_is_written(string path, object? value, string field)
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app, call => call["rules"] = new Dictionary<string, object?>
        {
            ["eligibleStages"] = new[] { "kita", "primarstufe", "sekundarstufeI" },
            ["eligibleInstitutionTypes"] = new[] { "kita", "grundschule", "weiterfuehrendeSchule" },
        });

        var response = await SubmitAsync(app, fundId, TestData.Set(TestData.Application(Start), path, value));

        Assert.Equal(422, response.Status);
        Assert.Equal([field], response.ProblemFields);
        await AssertNothingWritten(app, fundId);
    }

    [Fact]
    public async Task All_violations_come_in_one_answer()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var application = TestData.Application(Start);
        TestData.Set(application, "project.startDate", "2026-11-27");
        TestData.Set(application, "budget.requestedAmount", 900.00m);
        TestData.Set(application, "contact.email", "kein-at");
        TestData.Set(application, "consents.privacyNoticeAccepted", null);
        TestData.Set(application, "institution.postalCode", "5541");

        var response = await SubmitAsync(app, fundId, application);

        Assert.Equal(422, response.Status);
        Assert.Superset(
            new HashSet<string> { "project.startDate", "budget.requestedAmount", "contact.email", "consents.privacyNoticeAccepted", "institution.postalCode" },
            response.ProblemFields.ToHashSet());
        Assert.Contains("frühestmöglicher Beginn ist der 24.12.2026", response.Body, StringComparison.Ordinal);
        await AssertNothingWritten(app, fundId);
    }

    [Fact]
    public async Task The_co_funding_share_limits_the_requested_amount()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app, call => call["rules"] = new Dictionary<string, object?> { ["coFundingSharePercent"] = 30 });

        // Total 350 €: at least 105 € must be own money, so at most 245 € may be requested.
        var tooMuch = TestData.Application(Start);
        TestData.Set(tooMuch, "budget.requestedAmount", 246.00m);
        TestData.Set(tooMuch, "budget.ownContribution", 104.00m);
        var fine = TestData.Application(Start);
        TestData.Set(fine, "budget.requestedAmount", 245.00m);
        TestData.Set(fine, "budget.ownContribution", 105.00m);

        var refused = await SubmitAsync(app, fundId, tooMuch);
        Assert.Equal(422, refused.Status);
        Assert.Equal(["budget.requestedAmount"], refused.ProblemFields);
        Assert.Contains("245,00 €", refused.Body, StringComparison.Ordinal);
        Assert.Equal(201, (await SubmitAsync(app, fundId, fine)).Status);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Fact]
    public async Task A_closed_call_takes_no_applications_and_an_unknown_call_is_404()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var past = TestData.Call("vorbei", new DateOnly(2026, 1, 1), new DateOnly(2026, 10, 31));
        await Funds.CallTests.CreateCall(app, fundId, past);

        var closed = await SubmitAsync(app, fundId, TestData.Application(Start), callId: "vorbei");
        var unknown = await SubmitAsync(app, fundId, TestData.Application(Start), callId: "gibt-es-nicht");

        Assert.Equal(422, closed.Status);
        Assert.Equal(["callId"], closed.ProblemFields);
        Assert.Equal(404, unknown.Status);
        await AssertNothingWritten(app, fundId);
    }

    [Fact]
    public async Task More_than_fifty_budget_lines_or_cents_below_a_cent_are_refused()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var lines = Enumerable.Range(0, 51).Select(i => new Dictionary<string, object?> { ["description"] = $"Posten {i}", ["amount"] = 1.00m }).ToArray();

        var tooMany = await SubmitAsync(app, fundId, TestData.Set(TestData.Application(Start), "budget.lines", lines));
        var subCent = await SubmitAsync(app, fundId, TestData.Set(TestData.Application(Start), "budget.requestedAmount", 299.999m));

        Assert.Equal(422, tooMany.Status);
        Assert.Contains("budget.lines", tooMany.ProblemFields);
        Assert.Equal(400, subCent.Status);
        Assert.Equal(["budget.requestedAmount"], subCent.ProblemFields);
        await AssertNothingWritten(app, fundId);
    }

    [Fact]
    public async Task A_body_over_256_KiB_is_413_and_a_form_post_is_415()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);

        var huge = TestData.Set(TestData.Application(Start), "project.summary", new string('x', 270 * 1024));
        var tooLarge = await SubmitAsync(app, fundId, huge);
        var form = await app.CallAsync<MintFonds.Functions.Applications.ApplicationFunctions>(
            "POST", "/api/x", (f, r) => f.SubmitApplication(r, fundId, "laufend", CancellationToken.None),
            rawBody: "institution=Schule", contentType: "application/x-www-form-urlencoded");

        Assert.Equal(413, tooLarge.Status);
        Assert.Equal(415, form.Status);
        await AssertNothingWritten(app, fundId);
    }

    [Fact]
    public async Task An_application_whose_stored_form_would_not_fit_one_record_is_413()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);

        // 5,000 characters are allowed, but "<" is stored escaped (6 characters each): too large for one table property.
        var response = await SubmitAsync(app, fundId, TestData.Set(TestData.Application(Start), "project.summary", new string('<', 5000)));

        Assert.Equal(413, response.Status);
        await AssertNothingWritten(app, fundId);
    }

    private async Task AssertNothingWritten(TestApp app, string fundId)
    {
        Assert.Empty(await RowsAsync(app, fundId));
        Assert.Empty(await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId));
    }
}
