using System.Text.Json;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Tests.Access;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.Tests.Pledges;

namespace MintFonds.Functions.Tests.Decisions;

/// <summary>A fund with an open call, money from pledges, applications brought to the board, and the board's calls.</summary>
public static class DecisionTestKit
{
    public static readonly DateTimeOffset Now = ApplicationTestKit.Now;

    public static async Task<string> FundAsync(TestApp app, int approvalsRequired = 1)
    {
        var id = TestData.NewFundId();
        var fund = TestData.Fund(id);
        fund["decisions"] = new Dictionary<string, object?> { ["boardApprovalsRequired"] = approvalsRequired };
        Assert.Equal(201, (await FundAdminTests.CreateFund(app, fund)).Status);
        Assert.Equal(201, (await CallTests.CreateCall(app, id, TestData.Call("laufend", new DateOnly(2026, 1, 1)))).Status);
        return id;
    }

    /// <summary>Pledges (returns the pledge reference, e.g. MRF-P-2026-0001).</summary>
    public static async Task<string> PledgeAsync(TestApp app, string fundId, string kind = "donation", string[]? stages = null, string sponsor = "Rheinhessische Maschinenbau GmbH")
    {
        var pledge = PledgeTestKit.Pledge(kind: kind, name: sponsor, email: $"{Guid.NewGuid():N}@sponsor.example");
        pledge["earmark"] = stages is null
            ? new Dictionary<string, object?> { ["educationStages"] = new[] { "kita", "primarstufe" }, ["districts"] = new[] { "Landkreis Mainz-Bingen" } }
            : new Dictionary<string, object?> { ["educationStages"] = stages };
        var response = await PledgeTestKit.SubmitAsync(app, fundId, pledge);
        Assert.True(response.Status == 201, response.ToString());
        return response.Json.GetProperty("reference").GetString()!;
    }

    /// <summary>Records a matched payment for the pledge's first instalment; returns the payment id.</summary>
    public static async Task<string> PayAsync(TestApp app, string fundId, string pledgeReference, decimal amount, string valueDate = "2026-11-25")
    {
        var response = await PledgeTestKit.RecordPaymentAsync(app, fundId, amount, "BANK-" + Guid.NewGuid(), pledgeReference + "-1", valueDate);
        Assert.True(response.Status == 201 && response.Json.GetProperty("match").ValueKind == JsonValueKind.Object, response.ToString());
        return response.Json.GetProperty("id").GetString()!;
    }

    public static async Task<string> SubmitAsync(TestApp app, string fundId, string institution = "Grundschule Am Rhein", Action<Dictionary<string, object?>>? adjust = null)
    {
        var application = TestData.Application(ApplicationTestKit.Start, institution);
        adjust?.Invoke(application);
        var response = await ApplicationTestKit.SubmitAsync(app, fundId, application);
        Assert.True(response.Status == 201, response.ToString());
        return response.Json.GetProperty("reference").GetString()!;
    }

    public static Task<TestResponse> ActAsync(TestApp app, string fundId, string reference, string action, object? body = null, string? token = null) =>
        app.CallAsync<DecisionFunctions>(
            "POST",
            $"/api/manage/funds/{fundId}/applications/{reference}/{action}",
            (f, r) => action switch
            {
                "start-review" => f.StartReview(r, fundId, reference, CancellationToken.None),
                "request-changes" => f.RequestChanges(r, fundId, reference, CancellationToken.None),
                "assessments" => f.AssessApplication(r, fundId, reference, CancellationToken.None),
                "submit-to-board" => f.SubmitToBoard(r, fundId, reference, CancellationToken.None),
                "votes" => f.VoteOnApplication(r, fundId, reference, CancellationToken.None),
                "conflict-of-interest" => f.DeclareConflictOfInterest(r, fundId, reference, CancellationToken.None),
                "renounce" => f.RenounceGrant(r, fundId, reference, CancellationToken.None),
                "revoke" => f.RevokeGrant(r, fundId, reference, CancellationToken.None),
                "payouts" => f.RecordPayout(r, fundId, reference, CancellationToken.None),
                "repayments" => f.RecordRepayment(r, fundId, reference, CancellationToken.None),
                _ => throw new ArgumentOutOfRangeException(nameof(action)),
            },
            body ?? new Dictionary<string, object?>(),
            token ?? app.PlatformAdminToken);

    public static Dictionary<string, object?> Assessment(string recommendation = "approve") => new()
    {
        ["scores"] = new[]
        {
            new Dictionary<string, object?> { ["criterion"] = "Bezug zur MINT-Bildung", ["score"] = 5, ["comment"] = "Experimente mit Strom" },
            new Dictionary<string, object?> { ["criterion"] = "Nachhaltigkeit", ["score"] = 4 },
            new Dictionary<string, object?> { ["criterion"] = "Reichweite", ["score"] = 3 },
        },
        ["comment"] = "Gut vorbereitet.",
        ["recommendation"] = recommendation,
    };

    public static Dictionary<string, object?> Terms(decimal granted = 300m) => new()
    {
        ["grantedAmount"] = granted, ["conditions"] = "Belege aufbewahren.", ["proofOfUseDueOn"] = "2027-09-30",
    };

    /// <summary>Submitted → in review → assessed → ready for board, by the platform admin acting as office.</summary>
    public static async Task<string> ReadyForBoardAsync(TestApp app, string fundId, string institution = "Grundschule Am Rhein", decimal granted = 300m)
    {
        var reference = await SubmitAsync(app, fundId, institution);
        await BringToBoardAsync(app, fundId, reference, granted);
        return reference;
    }

    public static async Task BringToBoardAsync(TestApp app, string fundId, string reference, decimal granted = 300m)
    {
        Assert.Equal(200, (await ActAsync(app, fundId, reference, "start-review")).Status);
        Assert.Equal(200, (await ActAsync(app, fundId, reference, "assessments", Assessment())).Status);
        var submitted = await ActAsync(app, fundId, reference, "submit-to-board", Terms(granted));
        Assert.True(submitted.Status == 200, submitted.ToString());
    }

    /// <summary>A new board member of the fund; returns their token.</summary>
    public static async Task<(string Id, string Token)> BoardMemberAsync(TestApp app, string fundId)
    {
        var id = TestData.NewPrincipalId();
        var granted = await AdminAccessTests.Grant(app, fundId, id, "board");
        Assert.True(granted.Status is 200 or 201, granted.ToString());
        return (id, app.TokenFor(id));
    }

    public static Task<TestResponse> VoteAsync(TestApp app, string fundId, string reference, string token, string vote = "approve", string? reason = null) =>
        ActAsync(app, fundId, reference, "votes", new Dictionary<string, object?> { ["vote"] = vote, ["comment"] = "Abgestimmt.", ["reason"] = reason }, token);

    public static Task<FundBalance> BalanceAsync(TestApp app, string fundId) => app.Get<LedgerViews>().BalanceAsync(fundId, CancellationToken.None);

    public static async Task<string> StatusAsync(TestApp app, string fundId, string reference) =>
        (await app.Get<ApplicationStore>().GetAsync(fundId, reference, CancellationToken.None)).Application.Status.ToString();
}
