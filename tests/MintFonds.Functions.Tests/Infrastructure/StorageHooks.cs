using Azure.Core;
using Azure.Core.Pipeline;

namespace MintFonds.Functions.Tests.Infrastructure;

/// <summary>
/// One-shot hooks on storage requests, run on every attempt after the SDK's retry policy (so the SDK retries what they
/// cause): run something just before a matching request is sent (e.g. an office change racing a submission), fail it
/// before it is sent, or lose its answer after storage processed it (the write committed; the SDK's retry then meets
/// 409 or 412 on its own write). Failing applies to every attempt, retries included (so the SDK gives up as it does in
/// an outage); running something and losing an answer take one operation each: its retries (same client request id)
/// pass, and the next such hook waits for another operation.
/// </summary>
public sealed class StorageHooks : HttpPipelinePolicy
{
    private readonly List<Hook> _hooks = [];
    private readonly HashSet<string> _hooked = [];
    private readonly Lock _gate = new();

    /// <summary>Runs <paramref name="action"/> once before the next request that matches, then sends it.</summary>
    public void Before(Func<HttpMessage, bool> match, Func<Task> action) => Add(new Hook(match, action, null, null, 1));

    /// <summary>Fails the next <paramref name="times"/> matching requests with <paramref name="exception"/> before they are sent.</summary>
    public void Fail(Func<HttpMessage, bool> match, Func<Exception> exception, int times = 1) => Add(new Hook(match, null, exception, null, times));

    /// <summary>Sends the next matching request, then throws as if the connection dropped before its answer arrived.</summary>
    public void LoseAnswer(Func<HttpMessage, bool> match) =>
        Add(new Hook(match, null, null, () => new IOException("Test: the connection dropped after storage processed the request."), 1));

    /// <summary>Removes every hook not used up yet.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _hooks.Clear();
        }
    }

    public static bool IsTransaction(HttpMessage message) => message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal);

    /// <summary>A transaction that writes a row whose key starts with <paramref name="rowKeyPrefix"/> (e.g. "app-").</summary>
    public static bool IsTransactionWriting(HttpMessage message, string rowKeyPrefix)
    {
        if (!IsTransaction(message) || message.Request.Content is null)
        {
            return false;
        }

        using var body = new MemoryStream();
        message.Request.Content.WriteTo(body, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(body.ToArray()).Contains($"\"RowKey\":\"{rowKeyPrefix}", StringComparison.Ordinal);
    }

    public static bool IsSendTo(HttpMessage message, string queue) =>
        message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith($"/{queue}/messages", StringComparison.Ordinal);

    public static bool IsQueryOf(HttpMessage message, string table) =>
        message.Request.Method == RequestMethod.Get && message.Request.Uri.Path.EndsWith($"/{table}()", StringComparison.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var hook = Take(message);
        if (hook?.Action is { } action)
        {
            await action();
        }

        if (hook?.FailBefore is { } fail)
        {
            throw fail();
        }

        await ProcessNextAsync(message, pipeline);
        if (hook?.LoseAfter is { } lose)
        {
            message.Response?.Dispose();
            throw lose();
        }
    }

    private void Add(Hook hook)
    {
        lock (_gate)
        {
            _hooks.Add(hook);
        }
    }

    private Hook? Take(HttpMessage message)
    {
        var operation = message.Request.ClientRequestId;
        lock (_gate)
        {
            var hooked = _hooked.Contains(operation);
            var hook = _hooks.FirstOrDefault(h => h.Remaining > 0 && (h.FailBefore is not null || !hooked) && h.Match(message));
            if (hook is not null)
            {
                hook.Remaining--;
                if (hook.FailBefore is null)
                {
                    _hooked.Add(operation);
                }
            }

            return hook;
        }
    }

    private sealed class Hook(Func<HttpMessage, bool> match, Func<Task>? action, Func<Exception>? failBefore, Func<Exception>? loseAfter, int remaining)
    {
        public Func<HttpMessage, bool> Match { get; } = match;

        public Func<Task>? Action { get; } = action;

        public Func<Exception>? FailBefore { get; } = failBefore;

        public Func<Exception>? LoseAfter { get; } = loseAfter;

        public int Remaining { get; set; } = remaining;
    }
}
