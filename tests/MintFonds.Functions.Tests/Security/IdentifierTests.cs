using MintFonds.Functions.Access;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Tests.Access;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;
using MintFonds.Functions.Tests.Pledges;

namespace MintFonds.Functions.Tests.Security;

/// <summary>
/// Ids are what they look like: an id with a control character names nothing (404, never 500), on admin routes the
/// attempt is audited like any refusal, and a role in a request body is one of the documented values, exactly.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class IdentifierTests(SharedFixture shared)
{
    private const string MalformedId = "route:malformed-id";

    private static readonly Dictionary<string, string> StatusToken = new() { [ApplicationFunctions.TokenHeader] = "token" };

    /// <summary>Suffixes that turn an existing id into one that must not match it (as the route would decode them).</summary>
    // A NUL is not in this list: ASP.NET Core refuses a path with one (400) before any function runs.
    private static readonly string[] Controls = ["\n", "\r\n", "\u007f", "\t", "\u0085", "\u001b"];

    public static TheoryData<string> ControlSuffixes => [.. Controls];

    /// <summary>For fund ids also a NUL and a "%00" that reached the function undecoded, as route values.</summary>
    public static TheoryData<string> FundIdSuffixes => [.. Controls, "\0", "%00"];

    [Theory]
    [MemberData(nameof(FundIdSuffixes))]
    public async Task A_fund_id_with_a_control_character_is_404_on_admin_routes_and_audited(string suffix)
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var office = TestData.NewPrincipalId();
        await AdminAccessTests.Grant(app, fundId, office, "office");
        var bad = fundId + suffix;

        foreach (var (token, principal) in new[] { (app.PlatformAdminToken, "00000000-0000-0000-0000-0000000000aa"), (app.TokenFor(office), office) })
        {
            var responses = new[]
            {
                await app.CallAsync<FundAdminFunctions>("GET", PathOf("/api/manage/funds/{0}", bad), (f, r) => f.GetFund(r, bad, CancellationToken.None), token: token),
                await app.CallAsync<CallAdminFunctions>("GET", PathOf("/api/manage/funds/{0}/calls", bad), (f, r) => f.ListCalls(r, bad, CancellationToken.None), token: token),
                await app.CallAsync<RoleAdminFunctions>("GET", PathOf("/api/manage/funds/{0}/roles", bad), (f, r) => f.ListRoles(r, bad, CancellationToken.None), token: token),
                await app.CallAsync<AuditFunctions>("GET", PathOf("/api/manage/funds/{0}/audit", bad), (f, r) => f.ListAudit(r, bad, CancellationToken.None), token: token),
                await app.CallAsync<ReceiptAdminFunctions>("GET", PathOf("/api/manage/funds/{0}/receipts", bad), (f, r) => f.ListReceipts(r, bad, CancellationToken.None), token: token),
                await app.CallAsync<PaymentAdminFunctions>("GET", PathOf("/api/manage/funds/{0}/payments", bad), (f, r) => f.ListPayments(r, bad, CancellationToken.None), token: token),
                await app.CallAsync<DeadLetterAdminFunctions>("GET", PathOf("/api/manage/funds/{0}/dead-letters", bad), (f, r) => f.ListDeadLetters(r, bad, CancellationToken.None), token: token),
            };

            Assert.All(responses, AssertNotFoundProblem);
            var audit = await app.Get<AuditLog>().ListAsync(AuditLog.PlatformSubject, 500, CancellationToken.None);
            Assert.Contains(audit, e => e.Outcome == AuditOutcome.Refused && e.PrincipalId == principal && e.Reason == MalformedId
                && e.Action == nameof(FundAdminFunctions.GetFund));
        }
    }

    [Theory]
    [MemberData(nameof(ControlSuffixes))]
    public async Task Other_route_ids_with_a_control_character_are_404_and_audited_under_the_fund(string suffix)
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        Assert.Equal(201, (await CallTests.CreateCall(app, fundId, TestData.Call("runde", new DateOnly(2026, 1, 1)))).Status);
        var person = TestData.NewPrincipalId();
        await AdminAccessTests.Grant(app, fundId, person, "auditor");
        var token = app.PlatformAdminToken;
        var call = "runde" + suffix;
        var principal = person + suffix;
        var number = "2026-0001" + suffix;
        var payment = new string('a', 24) + suffix;

        var responses = new[]
        {
            await app.CallAsync<CallAdminFunctions>(
                "GET", PathOf("/api/manage/funds/{0}/calls/{1}", fundId, call), (f, r) => f.GetCall(r, fundId, call, CancellationToken.None), token: token),
            await app.CallAsync<RoleAdminFunctions>(
                "DELETE", PathOf("/api/manage/funds/{0}/roles/{1}", fundId, principal), (f, r) => f.RevokeRole(r, fundId, principal, CancellationToken.None), token: token),
            await app.CallAsync<RoleAdminFunctions>(
                "PUT", PathOf("/api/manage/funds/{0}/roles/{1}", fundId, principal), (f, r) => f.AssignRole(r, fundId, principal, CancellationToken.None),
                new Dictionary<string, object?> { ["role"] = "office" }, token),
            await app.CallAsync<ReceiptAdminFunctions>(
                "POST", PathOf("/api/manage/funds/{0}/receipts/{1}/resend", fundId, number), (f, r) => f.ResendReceipt(r, fundId, number, CancellationToken.None), token: token),
            await app.CallAsync<PaymentAdminFunctions>(
                "POST", PathOf("/api/manage/funds/{0}/payments/{1}/assign", fundId, payment), (f, r) => f.AssignPayment(r, fundId, payment, CancellationToken.None),
                new Dictionary<string, object?> { ["remittanceReference"] = "MRF-P-2026-0001-1" }, token),
        };

        Assert.All(responses, AssertNotFoundProblem);
        var audit = await app.Get<AuditLog>().ListAsync(fundId, 100, CancellationToken.None);
        var refusals = audit.Where(e => e.Outcome == AuditOutcome.Refused && e.Reason == MalformedId).ToList();
        Assert.Equal(responses.Length, refusals.Count);
        Assert.All(refusals, e => Assert.DoesNotContain(e.Target!, char.IsControl));
        Assert.DoesNotContain(audit, e => e.Action == "role.assign" && e.Target != $"principal/{person}");

        // The role of the person named by the clean id is untouched.
        var roles = await app.Get<RoleAssignmentTable>().GetAsync(fundId, person, CancellationToken.None);
        Assert.Equal(Core.Access.FundRole.Auditor, roles!.Value.Role);
    }

    [Theory]
    [MemberData(nameof(FundIdSuffixes))]
    public async Task Public_routes_answer_a_control_character_in_an_id_with_404(string suffix)
    {
        await using var app = await TestApp.StartAsync(shared, now: ApplicationTestKit.Now);
        var fundId = await ApplicationTestKit.FundWithOpenCallAsync(app);
        var bad = fundId + suffix;
        var badCall = "laufend" + suffix;
        var reference = "MRF-2026-0001" + suffix;

        var responses = new[]
        {
            await app.CallAsync<PublicCallFunctions>("GET", PathOf("/api/funds/{0}/calls", bad), (f, r) => f.ListOpenCalls(r, bad, CancellationToken.None)),
            await app.CallAsync<ApplicationFunctions>(
                "POST", PathOf("/api/funds/{0}/calls/laufend/applications", bad), (f, r) => f.SubmitApplication(r, bad, "laufend", CancellationToken.None),
                TestData.Application(ApplicationTestKit.Start)),
            await app.CallAsync<ApplicationFunctions>(
                "POST", PathOf("/api/funds/{0}/calls/{1}/applications", fundId, badCall), (f, r) => f.SubmitApplication(r, fundId, badCall, CancellationToken.None),
                TestData.Application(ApplicationTestKit.Start), headers: await app.FormHeadersAsync(fundId)),
            await app.CallAsync<ApplicationFunctions>(
                "GET", PathOf("/api/funds/{0}/applications/{1}/status", fundId, reference), (f, r) => f.GetApplicationStatus(r, fundId, reference, CancellationToken.None),
                headers: StatusToken),
            await app.CallAsync<ApplicationFunctions>(
                "POST", PathOf("/api/funds/{0}/applications/MRF-2026-0001/withdraw", bad), (f, r) => f.WithdrawApplication(r, bad, "MRF-2026-0001", CancellationToken.None),
                headers: StatusToken),
            await app.CallAsync<PledgeFunctions>(
                "POST", PathOf("/api/funds/{0}/pledges", bad), (f, r) => f.SubmitPledge(r, bad, CancellationToken.None), PledgeTestKit.Pledge()),
        };

        Assert.All(responses, AssertNotFoundProblem);
    }

    [Theory]
    [InlineData("\"Office,Board\"")]
    [InlineData("\"office,board\"")]
    [InlineData("\"office, auditor\"")]
    [InlineData("\"OFFICE \"")]
    [InlineData("\"OFFICE\"")]
    [InlineData("\"Office\"")]
    [InlineData("\" office\"")]
    [InlineData("\"office\\n\"")]
    [InlineData("\"0\"")]
    [InlineData("\"1\"")]
    [InlineData("42")]
    [InlineData("0")]
    [InlineData("true")]
    [InlineData("[\"office\"]")]
    [InlineData("{\"office\":true}")]
    [InlineData("\"\"")]
    public async Task A_malformed_role_is_a_client_error_naming_the_field(string role)
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var person = TestData.NewPrincipalId();

        var response = await app.CallAsync<RoleAdminFunctions>(
            "PUT", $"/api/manage/funds/{fundId}/roles/{person}", (f, r) => f.AssignRole(r, fundId, person, CancellationToken.None),
            rawBody: $"{{\"role\": {role}}}", token: app.PlatformAdminToken);

        Assert.Contains(response.Status, new[] { 400, 422 });
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("role", response.ProblemFields);
        Assert.Null(await app.Get<RoleAssignmentTable>().GetAsync(fundId, person, CancellationToken.None));
    }

    [Theory]
    [InlineData("office", "Office")]
    [InlineData("board", "Board")]
    [InlineData("auditor", "Auditor")]
    public async Task The_documented_role_values_are_accepted(string role, string stored)
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var person = TestData.NewPrincipalId();

        var response = await AdminAccessTests.Grant(app, fundId, person, role);

        Assert.Equal(200, response.Status);
        Assert.Equal(role, response.Json.GetProperty("role").GetString());
        Assert.Equal(stored, (await app.Get<RoleAssignmentTable>().GetAsync(fundId, person, CancellationToken.None))!.Value.Role.ToString());
    }

    [Theory]
    [InlineData(" {0}")]
    [InlineData("{0} ")]
    [InlineData("{{{0}}}")]
    [InlineData("({0})")]
    public async Task A_principal_id_is_only_the_plain_GUID(string shape)
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var person = TestData.NewPrincipalId();
        var id = string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, person);

        var response = await AdminAccessTests.Grant(app, fundId, id, "office");

        Assert.Equal(422, response.Status);
        Assert.Contains("principalId", response.ProblemFields);
        Assert.Null(await app.Get<RoleAssignmentTable>().GetAsync(fundId, person, CancellationToken.None));
    }

    /// <summary>The request path as the server holds it: percent-decoded, so a "%0A" sent by a client is a line break here.</summary>
    private static string PathOf(string template, params string[] ids) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, template, [.. ids.Select(id => id.Contains('\0') ? "x" : Uri.EscapeDataString(id))]);

    private static void AssertNotFoundProblem(TestResponse response)
    {
        Assert.True(response.Status == 404, response.ToString());
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
    }
}
