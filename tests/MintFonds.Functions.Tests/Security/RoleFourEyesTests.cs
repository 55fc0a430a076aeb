using System.Text.Json;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Access;
using MintFonds.Functions.Audit;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Access;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;

namespace MintFonds.Functions.Tests.Security;

/// <summary>
/// "Role changes are four-eyes too": an office member alone may not appoint board members or remove the last other
/// office member; such a change waits for a second office member or the platform administrator. Every change is
/// audited and reported to the fund's office address.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RoleFourEyesTests(SharedFixture shared)
{
    private const string OfficeAddress = "fonds@th-bingen.example";

    [Fact]
    public async Task An_office_member_appointing_a_board_member_only_proposes_it()
    {
        await using var app = await TestApp.StartAsync(shared);
        var (fundId, first, _) = await FundWithTwoOfficeMembers(app);
        var candidate = TestData.NewPrincipalId();

        var response = await AdminAccessTests.Grant(app, fundId, candidate, "board", app.TokenFor(first));

        Assert.Equal(202, response.Status);
        Assert.Equal("pending", response.Json.GetProperty("status").GetString());
        Assert.Equal("board", response.Json.GetProperty("role").GetString());
        Assert.Equal(first, response.Json.GetProperty("proposedBy").GetString());
        Assert.Null(await RoleOf(app, fundId, candidate));
        var audit = await app.Get<AuditLog>().ListAsync(fundId, 50, CancellationToken.None);
        Assert.Contains(audit, e => e.Action == "role.propose" && e.PrincipalId == first && e.ToState == "Board" && e.Target == $"principal/{candidate}");
        Assert.DoesNotContain(audit, e => e.Action == "role.assign" && e.Target == $"principal/{candidate}");
    }

    [Fact]
    public async Task An_office_member_appointing_another_office_member_only_proposes_it()
    {
        // Otherwise one office member could appoint an accomplice who then confirms the first one's proposals.
        await using var app = await TestApp.StartAsync(shared);
        var (fundId, first, second) = await FundWithTwoOfficeMembers(app);
        var candidate = TestData.NewPrincipalId();

        var response = await AdminAccessTests.Grant(app, fundId, candidate, "office", app.TokenFor(first));

        Assert.Equal(202, response.Status);
        Assert.Equal("officeAppointment", response.Json.GetProperty("reason").GetString());
        Assert.Null(await RoleOf(app, fundId, candidate));
        var id = response.Json.GetProperty("id").GetString()!;
        Assert.Equal(200, (await app.CallAsync<RoleAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/role-proposals/{id}/confirm",
            (f, r) => f.ConfirmRoleProposal(r, fundId, id, CancellationToken.None), token: app.TokenFor(second))).Status);
        Assert.Equal("Office", await RoleOf(app, fundId, candidate));
    }

    [Fact]
    public async Task Removing_the_last_other_office_member_needs_a_second_person()
    {
        await using var app = await TestApp.StartAsync(shared);
        var (fundId, first, second) = await FundWithTwoOfficeMembers(app);

        Assert.Equal(202, (await Revoke(app, fundId, second, app.TokenFor(first))).Status);
        Assert.Equal(202, (await AdminAccessTests.Grant(app, fundId, second, "auditor", app.TokenFor(first))).Status);
        Assert.Equal("Office", await RoleOf(app, fundId, second));

        // With a third office member, the second is not the last other one: the change applies at once.
        var third = TestData.NewPrincipalId();
        Assert.Equal(200, (await AdminAccessTests.Grant(app, fundId, third, "office")).Status);
        Assert.Equal(204, (await Revoke(app, fundId, second, app.TokenFor(first))).Status);
        Assert.Null(await RoleOf(app, fundId, second));

        // Leaving oneself is no change of someone else's role.
        Assert.Equal(204, (await Revoke(app, fundId, first, app.TokenFor(first))).Status);
    }

    [Fact]
    public async Task The_platform_administrator_changes_roles_directly()
    {
        await using var app = await TestApp.StartAsync(shared);
        var (fundId, first, second) = await FundWithTwoOfficeMembers(app);
        var member = TestData.NewPrincipalId();

        Assert.Equal(200, (await AdminAccessTests.Grant(app, fundId, member, "board", app.PlatformAdminToken)).Status);
        Assert.Equal("Board", await RoleOf(app, fundId, member));
        Assert.Equal(204, (await Revoke(app, fundId, second, app.PlatformAdminToken)).Status);
        Assert.Equal(204, (await Revoke(app, fundId, first, app.PlatformAdminToken)).Status);
    }

    [Fact]
    public async Task Every_role_change_is_reported_to_the_office_address_without_personal_data()
    {
        await using var app = await TestApp.StartAsync(shared);
        var fundId = await CallTests.NewFund(app);
        var first = TestData.NewPrincipalId();
        var candidate = TestData.NewPrincipalId();

        var grant = await app.CallAsync<RoleAdminFunctions>(
            "PUT", $"/api/manage/funds/{fundId}/roles/{first}", (f, r) => f.AssignRole(r, fundId, first, CancellationToken.None),
            new Dictionary<string, object?> { ["role"] = "office", ["label"] = "Dr. Erika Mustermann, Geschäftsstelle" }, app.PlatformAdminToken);
        Assert.Equal(200, grant.Status);
        await AdminAccessTests.Grant(app, fundId, candidate, "board", app.TokenFor(first));

        var messages = await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);

        Assert.Equal(2, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.Equal("role-changed", m.Template);
            Assert.Equal(OfficeAddress, Assert.Single(m.To).Email);
            var json = JsonSerializer.Serialize(m.Data, MintFondsJson.Storage);
            Assert.DoesNotContain("Mustermann", json, StringComparison.Ordinal);
        });
        Assert.Equal(2, messages.Select(m => m.MessageKey).Distinct(StringComparer.Ordinal).Count());
        var states = messages.Select(m => m.Data.GetProperty("change").GetProperty("state").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["applied", "proposed"], states);
        var applied = messages.Single(m => m.Data.GetProperty("change").GetProperty("state").GetString() == "applied");
        Assert.Equal(first, applied.Data.GetProperty("change").GetProperty("principalId").GetString());
        Assert.Equal("office", applied.Data.GetProperty("change").GetProperty("toRole").GetString());
    }

    [Fact]
    public async Task A_second_office_member_confirms_and_only_then_the_change_takes_effect()
    {
        await using var app = await TestApp.StartAsync(shared);
        var (fundId, first, second) = await FundWithTwoOfficeMembers(app);
        var candidate = TestData.NewPrincipalId();
        var proposalId = (await AdminAccessTests.Grant(app, fundId, candidate, "board", app.TokenFor(first))).Json.GetProperty("id").GetString()!;

        Assert.Contains(proposalId, await PendingIds(app, fundId, app.TokenFor(second)));
        var own = await Confirm(app, fundId, proposalId, app.TokenFor(first));
        Assert.Equal(403, own.Status);
        Assert.Null(await RoleOf(app, fundId, candidate));

        var confirmed = await Confirm(app, fundId, proposalId, app.TokenFor(second));

        Assert.Equal(200, confirmed.Status);
        Assert.Equal("confirmed", confirmed.Json.GetProperty("status").GetString());
        Assert.Equal(second, confirmed.Json.GetProperty("confirmedBy").GetString());
        Assert.Equal("Board", await RoleOf(app, fundId, candidate));
        Assert.DoesNotContain(proposalId, await PendingIds(app, fundId, app.TokenFor(second)));
        Assert.Equal(409, (await Confirm(app, fundId, proposalId, app.PlatformAdminToken)).Status);

        var audit = await app.Get<AuditLog>().ListAsync(fundId, 50, CancellationToken.None);
        var target = $"principal/{candidate}";
        Assert.Contains(audit, e => e.Action == "role.propose" && e.PrincipalId == first && e.Target == target);
        Assert.Contains(audit, e => e.Action == "role.confirm" && e.Outcome == AuditOutcome.Refused && e.PrincipalId == first && e.Reason!.StartsWith("four-eyes:same-person", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "role.confirm" && e.Outcome == AuditOutcome.Done && e.PrincipalId == second && e.Reason!.Contains(first, StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "role.assign" && e.PrincipalId == second && e.Target == target && e.FromState is null && e.ToState == "Board");
    }

    [Fact]
    public async Task The_platform_administrator_confirms_the_removal_of_the_last_other_office_member_and_the_office_hears_of_each_step()
    {
        await using var app = await TestApp.StartAsync(shared);
        var (fundId, first, second) = await FundWithTwoOfficeMembers(app);
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);

        var proposed = await Revoke(app, fundId, second, app.TokenFor(first));
        Assert.Equal(202, proposed.Status);
        Assert.Equal("revoke", proposed.Json.GetProperty("kind").GetString());
        Assert.Equal("lastOtherOfficeMember", proposed.Json.GetProperty("reason").GetString());
        var confirmed = await Confirm(app, fundId, proposed.Json.GetProperty("id").GetString()!, app.PlatformAdminToken);

        Assert.Equal(200, confirmed.Status);
        Assert.Null(await RoleOf(app, fundId, second));
        var messages = await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
        Assert.Equal(["confirmed", "proposed"], messages.Select(m => m.Data.GetProperty("change").GetProperty("state").GetString()).Order(StringComparer.Ordinal));
        Assert.All(messages, m => Assert.Equal("revoke", m.Data.GetProperty("change").GetProperty("kind").GetString()));
        Assert.All(messages, m => Assert.Equal(OfficeAddress, Assert.Single(m.To).Email));
    }

    [Fact]
    public async Task A_proposal_that_was_overtaken_or_lapsed_is_not_confirmed()
    {
        await using var app = await TestApp.StartAsync(shared);
        var (fundId, first, second) = await FundWithTwoOfficeMembers(app);
        var candidate = TestData.NewPrincipalId();
        var overtaken = (await AdminAccessTests.Grant(app, fundId, candidate, "board", app.TokenFor(first))).Json.GetProperty("id").GetString()!;
        Assert.Equal(200, (await AdminAccessTests.Grant(app, fundId, candidate, "auditor", app.PlatformAdminToken)).Status);

        Assert.Equal(409, (await Confirm(app, fundId, overtaken, app.TokenFor(second))).Status);
        Assert.Equal("Auditor", await RoleOf(app, fundId, candidate));

        var lapsing = (await AdminAccessTests.Grant(app, fundId, candidate, "board", app.TokenFor(first))).Json.GetProperty("id").GetString()!;
        app.Time.Advance(RoleProposal.Lifetime + TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(lapsing, await PendingIds(app, fundId, app.TokenFor(second)));
        Assert.Equal(409, (await Confirm(app, fundId, lapsing, app.TokenFor(second))).Status);
        Assert.Equal("Auditor", await RoleOf(app, fundId, candidate));

        Assert.Equal(404, (await Confirm(app, fundId, Guid.NewGuid().ToString("N"), app.TokenFor(second))).Status);
        Assert.Equal(404, (await Confirm(app, fundId, "../roles", app.TokenFor(second))).Status);
    }

    [Fact]
    public async Task Board_members_and_auditors_cannot_confirm()
    {
        await using var app = await TestApp.StartAsync(shared);
        var (fundId, first, _) = await FundWithTwoOfficeMembers(app);
        var board = TestData.NewPrincipalId();
        var auditor = TestData.NewPrincipalId();
        await AdminAccessTests.Grant(app, fundId, board, "board");
        await AdminAccessTests.Grant(app, fundId, auditor, "auditor");
        var proposalId = (await AdminAccessTests.Grant(app, fundId, TestData.NewPrincipalId(), "board", app.TokenFor(first))).Json.GetProperty("id").GetString()!;

        Assert.Equal(403, (await Confirm(app, fundId, proposalId, app.TokenFor(board))).Status);
        Assert.Equal(403, (await Confirm(app, fundId, proposalId, app.TokenFor(auditor))).Status);
        Assert.Contains(proposalId, await PendingIds(app, fundId, app.TokenFor(auditor)));
    }

    /// <summary>A fund with two office members, both appointed by the platform administrator.</summary>
    internal static async Task<(string FundId, string First, string Second)> FundWithTwoOfficeMembers(TestApp app)
    {
        var fundId = await CallTests.NewFund(app);
        var first = TestData.NewPrincipalId();
        var second = TestData.NewPrincipalId();
        Assert.Equal(200, (await AdminAccessTests.Grant(app, fundId, first, "office")).Status);
        Assert.Equal(200, (await AdminAccessTests.Grant(app, fundId, second, "office")).Status);
        return (fundId, first, second);
    }

    private static Task<TestResponse> Confirm(TestApp app, string fundId, string proposalId, string token) =>
        app.CallAsync<RoleAdminFunctions>(
            "POST", $"/api/manage/funds/{fundId}/role-proposals/{proposalId}/confirm",
            (f, r) => f.ConfirmRoleProposal(r, fundId, proposalId, CancellationToken.None), token: token);

    private static async Task<List<string>> PendingIds(TestApp app, string fundId, string token)
    {
        var response = await app.CallAsync<RoleAdminFunctions>(
            "GET", $"/api/manage/funds/{fundId}/role-proposals", (f, r) => f.ListRoleProposals(r, fundId, CancellationToken.None), token: token);
        Assert.Equal(200, response.Status);
        return [.. response.Json.GetProperty("proposals").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];
    }

    private static Task<TestResponse> Revoke(TestApp app, string fundId, string principalId, string token) =>
        app.CallAsync<RoleAdminFunctions>(
            "DELETE", $"/api/manage/funds/{fundId}/roles/{principalId}", (f, r) => f.RevokeRole(r, fundId, principalId, CancellationToken.None), token: token);

    private static async Task<string?> RoleOf(TestApp app, string fundId, string principalId) =>
        (await app.Get<RoleAssignmentTable>().GetAsync(fundId, principalId, CancellationToken.None))?.Value.Role.ToString();
}
