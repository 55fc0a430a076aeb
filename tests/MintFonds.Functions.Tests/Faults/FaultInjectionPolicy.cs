using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace MintFonds.Functions.Tests.Faults;

/// <summary>
/// Makes storage fail the way Azure storage does, at a set rate with a fixed seed, on every attempt the SDK makes
/// (the policy runs after the SDK's retry policy, so the SDK retries what it injects):
/// <list type="bullet">
/// <item>503 or 500 before the request reaches storage (nothing happened);</item>
/// <item>the connection dropped AFTER storage processed the request (the write committed, its answer is lost, and the
/// SDK's retry of an insert then meets 409, of a conditional update 412, of a conditional upload BlobAlreadyExists);</item>
/// <item>a late answer (delay after storage answered).</item>
/// </list>
/// </summary>
public sealed class FaultInjectionPolicy(int seed, double rate) : HttpPipelinePolicy
{
    private readonly Random _random = new(seed);
    private readonly object _gate = new();
    private int _before;
    private int _after;
    private int _late;

    /// <summary>Faults can be switched off while a test sets up or checks its data.</summary>
    public bool Enabled { get; set; }

    public int Injected => _before + _after + _late;

    public string Summary => $"before={_before} answerLost={_after} late={_late}";

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var fault = Enabled ? Draw() : Fault.None;
        switch (fault)
        {
            case Fault.Before503:
                Interlocked.Increment(ref _before);
                message.Response = InjectedResponse.For(message, 503);
                return;
            case Fault.Before500:
                Interlocked.Increment(ref _before);
                message.Response = InjectedResponse.For(message, 500);
                return;
        }

        await ProcessNextAsync(message, pipeline);
        switch (fault)
        {
            case Fault.AnswerLost:
                Interlocked.Increment(ref _after);
                message.Response?.Dispose();
                throw new IOException("Injected: the connection dropped after storage processed the request.");
            case Fault.Late:
                Interlocked.Increment(ref _late);
                await Task.Delay(TimeSpan.FromMilliseconds(20 + (Draw01() * 80)));
                break;
        }
    }

    private Fault Draw()
    {
        lock (_gate)
        {
            if (_random.NextDouble() >= rate)
            {
                return Fault.None;
            }

            return (Fault)_random.Next(1, 5);
        }
    }

    private double Draw01()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    private enum Fault
    {
        None,
        Before503,
        Before500,
        AnswerLost,
        Late,
    }

    /// <summary>
    /// A storage error answer that never reached storage, shaped like the real one (error code header and body: JSON for
    /// tables, XML for blobs and queues), so the SDK classifies and retries it as it would Azure's.
    /// </summary>
    private sealed class InjectedResponse(int status, string clientRequestId, string contentType, byte[] body) : Response
    {
        private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase)
        {
            ["x-ms-error-code"] = status == 503 ? "ServerBusy" : "InternalError",
            ["Content-Type"] = contentType,
            ["x-ms-request-id"] = Guid.NewGuid().ToString(),
        };

        public override int Status => status;

        public override string ReasonPhrase => status == 503 ? "Server Busy" : "Internal Server Error";

        public override Stream? ContentStream { get; set; } = new MemoryStream(body);

        public override string ClientRequestId { get; set; } = clientRequestId;

        public override bool IsError => true;

        public static InjectedResponse For(HttpMessage message, int status)
        {
            var code = status == 503 ? "ServerBusy" : "InternalError";
            var json = message.Request.Headers.TryGetValue("Accept", out var accept) && accept.Contains("json", StringComparison.OrdinalIgnoreCase);
            return json
                ? new InjectedResponse(status, message.Request.ClientRequestId, "application/json;odata=minimalmetadata;charset=utf-8",
                    System.Text.Encoding.UTF8.GetBytes("{\"odata.error\":{\"code\":\"" + code + "\",\"message\":{\"lang\":\"en-US\",\"value\":\"Injected fault.\"}}}"))
                : new InjectedResponse(status, message.Request.ClientRequestId, "application/xml",
                    System.Text.Encoding.UTF8.GetBytes($"""<?xml version="1.0" encoding="utf-8"?><Error><Code>{code}</Code><Message>Injected fault.</Message></Error>"""));
        }

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => _headers.ContainsKey(name);

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers.Select(h => new HttpHeader(h.Key, h.Value));

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) => _headers.TryGetValue(name, out value);

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = _headers.TryGetValue(name, out var value) ? [value] : null;
            return values is not null;
        }
    }
}
