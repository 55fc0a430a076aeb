using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.XPath;
using Azure.Data.Tables;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Payouts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Decisions.DecisionTestKit;

namespace MintFonds.Functions.Tests.Payouts;

/// <summary>Approved grants, payout files, statements and proofs of use through the real function classes.</summary>
public static class PayoutTestKit
{
    public const string PainNs = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

    public static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    /// <summary>A fund with money (a pledge paid with <paramref name="money"/>) and <paramref name="amounts"/> approved grants.</summary>
    public static async Task<(string FundId, string Pledge, List<string> References)> ApprovedAsync(TestApp app, decimal[] amounts, decimal money = 2000m)
    {
        var fundId = await FundAsync(app);
        var pledge = await PledgeAsync(app, fundId);
        await PayAsync(app, fundId, pledge, money);
        var (_, board) = await BoardMemberAsync(app, fundId);
        var references = new List<string>();
        for (var i = 0; i < amounts.Length; i++)
        {
            var reference = await ReadyForBoardAsync(app, fundId, $"Grundschule Nummer {i + 1}", amounts[i]);
            var vote = await VoteAsync(app, fundId, reference, board);
            Assert.True(vote.Status == 200, vote.ToString());
            references.Add(reference);
        }

        return (fundId, pledge, references);
    }

    /// <summary>
    /// The applicant's current status token: the queued e-mails with a link are sent, and of the tokens they carry the one
    /// the status route accepts is taken (several e-mails can be sent within the outbox's one-second time stamps).
    /// </summary>
    public static async Task<string> TokenAsync(TestApp app, string fundId, string reference)
    {
        await Applications.ApplicationTestKit.SendConfirmationsAsync(app, fundId);
        foreach (var token in Enumerable.Reverse(await Applications.ApplicationTestKit.TokensInOutboxAsync(app, fundId, reference)))
        {
            var response = await app.CallAsync<global::MintFonds.Functions.Applications.ApplicationFunctions>(
                "GET", $"/api/funds/{fundId}/applications/{reference}/status", (f, r) => f.GetApplicationStatus(r, fundId, reference, CancellationToken.None),
                headers: new Dictionary<string, string> { [global::MintFonds.Functions.Applications.ApplicationFunctions.TokenHeader] = token });
            if (response.Status == 200)
            {
                return token;
            }
        }

        throw new Xunit.Sdk.XunitException($"No working status token for {reference} in the outbox.");
    }

    /// <summary>The balance's totals (the per-earmark list compared on its own).</summary>
    public static (decimal PaidIn, decimal Allocated, decimal PaidOut, decimal Repaid, decimal Available) Totals(FundBalance b) =>
        (b.PaidIn.ToDecimal(), b.Allocated.ToDecimal(), b.PaidOut.ToDecimal(), b.Repaid.ToDecimal(), b.Available.ToDecimal());

    public static Task<TestResponse> ExportAsync(TestApp app, string fundId, object body, string? key = null) =>
        app.CallAsync<PayoutFunctions>(
            "POST", $"/api/manage/funds/{fundId}/payout-exports", (f, r) => f.CreatePayoutExport(r, fundId, CancellationToken.None), body, app.PlatformAdminToken,
            headers: new Dictionary<string, string> { ["Idempotency-Key"] = key ?? Guid.NewGuid().ToString() });

    public static async Task<XDocument> FileAsync(TestApp app, string fundId, string exportId)
    {
        var response = await app.CallAsync<PayoutFunctions>(
            "GET", $"/api/manage/funds/{fundId}/payout-exports/{exportId}/file", (f, r) => f.DownloadPayoutFile(r, fundId, exportId, CancellationToken.None), token: app.PlatformAdminToken);
        Assert.True(response.Status == 200, response.ToString());
        Assert.False(response.Bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), "DK: UTF-8 without BOM");
        return XDocument.Parse(System.Text.Encoding.UTF8.GetString(response.Bytes));
    }

    public static Task<TestResponse> CancelAsync(TestApp app, string fundId, string exportId, string reason = "Falsches Ausführungsdatum") =>
        app.CallAsync<PayoutFunctions>(
            "POST", $"/api/manage/funds/{fundId}/payout-exports/{exportId}/cancel", (f, r) => f.CancelPayoutExport(r, fundId, exportId, CancellationToken.None),
            new Dictionary<string, object?> { ["reason"] = reason }, app.PlatformAdminToken);

    public static Task<TestResponse> ImportAsync(TestApp app, string fundId, byte[] file, string contentType = "application/xml") =>
        app.CallAsync<PayoutFunctions>(
            "POST", $"/api/manage/funds/{fundId}/bank-statements", (f, r) => f.ImportBankStatement(r, fundId, CancellationToken.None),
            token: app.PlatformAdminToken, rawBytes: file, contentType: contentType);

    public static XmlNamespaceManager Pain(XDocument document)
    {
        var names = new XmlNamespaceManager(new NameTable());
        names.AddNamespace("p", PainNs);
        return names;
    }

    public static string Value(XDocument document, string xpath) =>
        document.XPathSelectElement(xpath, Pain(document))?.Value ?? throw new Xunit.Sdk.XunitException($"No {xpath} in the file.");

    public static IReadOnlyList<XElement> All(XDocument document, string xpath) => [.. document.XPathSelectElements(xpath, Pain(document))];

    public static async Task<GrantDecision> DecisionAsync(TestApp app, string fundId, string reference) =>
        (await app.Get<DecisionTable>().ReadAsync(fundId, reference, CancellationToken.None))!.Value.Decision;

    /// <summary>The rows of one key range in the fund's Ledger partition.</summary>
    public static async Task<List<TableEntity>> RowsAsync(TestApp app, string fundId, string prefix)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in app.Storage.Table(TableNames.Ledger).QueryAsync<TableEntity>(LedgerRows.Range(fundId, prefix)))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static async Task<List<FigureEvent>> FiguresAsync(TestApp app, string fundId) =>
        [.. (await RowsAsync(app, fundId, FigureEvents.PendingPrefix)).Select(FigureEvents.Read)];

    public static List<string> Outcomes(JsonElement result, string bucket) =>
        [.. result.GetProperty(bucket).EnumerateArray().Select(l => l.GetProperty("outcome").GetString()!)];

    /// <summary>The ledger adds up: paid in = allocated + available, and paid out never exceeds allocated.</summary>
    public static async Task<FundBalance> AddsUpAsync(TestApp app, string fundId)
    {
        var balance = await BalanceAsync(app, fundId);
        Assert.Equal(balance.PaidIn, balance.Allocated + balance.Available);
        Assert.True(balance.PaidOut - balance.Repaid <= balance.Allocated);
        Assert.All(balance.ByEarmark, line => Assert.Equal(line.PaidIn, line.Allocated + line.Available));
        return balance;
    }
}
