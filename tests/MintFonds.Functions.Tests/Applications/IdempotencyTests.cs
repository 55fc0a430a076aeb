using MintFonds.Functions.Applications;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Applications.ApplicationTestKit;

namespace MintFonds.Functions.Tests.Applications;

[Collection(AppCollection.Name)]
public sealed class IdempotencyTests(SharedFixture shared)
{
    [Fact]
    public async Task A_retried_post_with_the_same_key_returns_the_first_answer_and_writes_nothing_new()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var key = Guid.NewGuid().ToString();

        var first = await SubmitAsync(app, fundId, TestData.Application(Start), key);
        var rowsAfterFirst = (await RowsAsync(app, fundId)).Select(r => (r.RowKey, r.ETag)).ToList();
        var second = await SubmitAsync(app, fundId, TestData.Application(Start), key);

        Assert.Equal(201, first.Status);
        Assert.Equal(201, second.Status);
        Assert.Equal("true", second.Header("Idempotent-Replayed"));
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(rowsAfterFirst, (await RowsAsync(app, fundId)).Select(r => (r.RowKey, r.ETag)).ToList());
        Assert.Equal(2, (await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId)).Count);
    }

    [Fact]
    public async Task The_same_key_sent_concurrently_creates_one_application()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => SubmitAsync(app, fundId, TestData.Application(Start), key)));

        Assert.All(responses, r => Assert.Equal(201, r.Status));
        Assert.Single(responses.Select(r => r.Body).Distinct());
        Assert.Single(await RowsAsync(app, fundId), r => r.RowKey.StartsWith("app-", StringComparison.Ordinal));
        Assert.Equal(2, (await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId)).Count);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var key = Guid.NewGuid().ToString();
        await SubmitAsync(app, fundId, TestData.Application(Start), key);

        var other = await SubmitAsync(app, fundId, TestData.Set(TestData.Application(Start), "project.title", "Ein anderes Projekt"), key);

        Assert.Equal(422, other.Status);
        Assert.Equal([ApplicationFunctions.IdempotencyHeader], other.ProblemFields);
        Assert.Single(await RowsAsync(app, fundId), r => r.RowKey.StartsWith("app-", StringComparison.Ordinal));
        await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("mit leerzeichen")]
    [InlineData("ümlaut")]
    public async Task A_malformed_key_is_400(string key)
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);
        var response = await SubmitAsync(app, fundId, TestData.Application(Start), key);
        Assert.Equal(400, response.Status);
        Assert.Empty(await RowsAsync(app, fundId));
    }

    [Fact]
    public async Task An_identical_post_without_key_within_the_window_is_answered_with_the_existing_application()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundWithOpenCallAsync(app);

        var first = await SubmitAsync(app, fundId, TestData.Application(Start));
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var doubleClick = await SubmitAsync(app, fundId, TestData.Application(Start));
        app.Time.Advance(ApplicationSubmissionService.DuplicateWindow);
        var muchLater = await SubmitAsync(app, fundId, TestData.Application(Start));

        Assert.Equal(201, first.Status);
        Assert.Equal(200, doubleClick.Status);
        Assert.Equal(first.Json.GetProperty("reference").GetString(), doubleClick.Json.GetProperty("reference").GetString());
        // Whoever sends the same bytes again learns the reference, never a token: the link went to the applicant's e-mail.
        Assert.False(doubleClick.Json.TryGetProperty("statusToken", out _));
        Assert.Contains("E-Mail", doubleClick.Json.GetProperty("statusLinkNote").GetString(), StringComparison.Ordinal);
        Assert.Equal(201, muchLater.Status);
        Assert.Equal("MRF-2026-0002", muchLater.Json.GetProperty("reference").GetString());
        Assert.Equal(4, (await QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId)).Count);
    }
}
