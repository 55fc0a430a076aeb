using System.IO.Compression;
using System.Text;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Payouts;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Decisions.DecisionTestKit;
using static MintFonds.Functions.Tests.Payouts.PayoutTestKit;

namespace MintFonds.Functions.Tests.Payouts;

/// <summary>camt.053 account statements (.001.02 and .001.08, XML or the online-banking ZIP) into the ledger.</summary>
[Collection(AppCollection.Name)]
public sealed class BankStatementTests(SharedFixture shared)
{
    [Theory]
    [InlineData(CamtSamples.V02)]
    [InlineData(CamtSamples.V08)]
    public async Task Credits_become_payments_once_however_often_the_statement_is_imported(string version)
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);
        var pledgeA = await PledgeAsync(app, fundId);
        var pledgeB = await PledgeAsync(app, fundId, sponsor: "Binger Stadtwerke AG");
        var pledgeC = await PledgeAsync(app, fundId, sponsor: "Volksbank Rhein-Nahe eG");
        var day = new DateOnly(2026, 11, 25);
        var statement = CamtSamples.Statement(
            version,
            CamtSamples.FundIban,
            // The reference split across two remittance lines, as banks cut them.
            new CamtEntry("ACSR-1001", "CRDT", 500m, day, [new CamtTx(null, 500m, ["Spende MINT-Fonds " + pledgeA[..10], pledgeA[10..] + "-1 Danke"])]),
            // A batch booking: two payers in one entry; the second one's reference only in its end-to-end id.
            new CamtEntry("ACSR-1002", "CRDT", 750m, day, [
                new CamtTx(null, 250m, [pledgeB + "-1"], "Binger Stadtwerke AG"),
                new CamtTx(pledgeC + "-1", 500m, ["Foerderung MINT"], "Volksbank Rhein-Nahe eG")]),
            // Foreign currency: never matched automatically.
            new CamtEntry("ACSR-1003", "CRDT", 120m, day, [new CamtTx(null, 120m, [pledgeA + "-1"], "Acme Inc.")], Currency: "USD"),
            // No reference at all: a payment waiting for the office.
            new CamtEntry(null, "CRDT", 42m, day, [new CamtTx(null, 42m, ["Spende"], "Erika Mustermann")]));

        var first = await ImportAsync(app, fundId, statement);
        Assert.True(first.Status == 200, first.ToString());
        Assert.Equal(5, first.Json.GetProperty("transactions").GetInt32());
        Assert.Equal(["payment", "payment", "payment"], Outcomes(first.Json, "matched"));
        Assert.Equal(["foreignCurrency", "unmatchedCredit"], Outcomes(first.Json, "needsOffice").Order());
        Assert.Empty(Outcomes(first.Json, "alreadyKnown"));
        var payments = await app.Get<PaymentService>().ListAsync(fundId, unmatchedOnly: false, CancellationToken.None);
        Assert.Equal(4, payments.Count);
        Assert.Equal(3, payments.Count(p => p.IsMatched));
        var balanceAfterFirst = await AddsUpAsync(app, fundId);
        Assert.Equal(1250m, balanceAfterFirst.PaidIn.ToDecimal());

        var second = await ImportAsync(app, fundId, statement);
        Assert.Equal(200, second.Status);
        Assert.Empty(Outcomes(second.Json, "matched"));
        Assert.Empty(Outcomes(second.Json, "needsOffice"));
        Assert.Equal(5, Outcomes(second.Json, "alreadyKnown").Count);
        Assert.Equal(4, (await app.Get<PaymentService>().ListAsync(fundId, unmatchedOnly: false, CancellationToken.None)).Count);
        Assert.Equal(Totals(balanceAfterFirst), Totals(await AddsUpAsync(app, fundId)));

        // An overlapping statement (the same booking again, plus a new one) in the ZIP online banking downloads.
        var overlapping = CamtSamples.Statement(
            version,
            CamtSamples.FundIban,
            new CamtEntry("ACSR-1001", "CRDT", 500m, day, [new CamtTx(null, 500m, ["Spende MINT-Fonds " + pledgeA[..10], pledgeA[10..] + "-1 Danke"])]),
            new CamtEntry("ACSR-1004", "CRDT", 10m, day, [new CamtTx(null, 10m, ["Kleinspende"], "Max Muster")]));
        var zipped = await ImportAsync(app, fundId, Zip(("2026-11-25.xml", statement), ("2026-11-26.xml", overlapping)), "application/zip");
        Assert.True(zipped.Status == 200, zipped.ToString());
        Assert.Equal(6, Outcomes(zipped.Json, "alreadyKnown").Count);
        Assert.Equal(["unmatchedCredit"], Outcomes(zipped.Json, "needsOffice"));
        Assert.Equal(5, (await app.Get<PaymentService>().ListAsync(fundId, unmatchedOnly: false, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Export_then_statement_marks_grants_paid_moves_money_to_paid_out_and_a_return_reopens_the_payout()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m, 149.99m]);
        var exportId = (await ExportAsync(app, fundId, new { allDue = true })).Json.GetProperty("exportId").GetString()!;
        var before = await AddsUpAsync(app, fundId);
        var day = new DateOnly(2026, 11, 26);

        // The bank books the file as one batch debit with a transaction per transfer.
        var debits = CamtSamples.Statement(
            CamtSamples.V08,
            CamtSamples.FundIban,
            new CamtEntry("ACSR-2001", "DBIT", 449.99m, day, [
                new CamtTx(references[0] + "-A1", 300m, [references[0] + " Zuschuss"], "Foerderverein GS Am Rhein e.V."),
                new CamtTx(references[1] + "-A1", 149.99m, [references[1] + " Zuschuss"], "Foerderverein GS Am Rhein e.V.")]),
            new CamtEntry("ACSR-2002", "DBIT", 12.50m, day, [new CamtTx("KONTOFUEHRUNG", 12.50m, ["Entgelt"], "Bank")]));
        var imported = await ImportAsync(app, fundId, debits);
        Assert.True(imported.Status == 200, imported.ToString());
        Assert.Equal(["payoutPaid", "payoutPaid"], Outcomes(imported.Json, "matched"));
        Assert.Equal(["unknownDebit"], Outcomes(imported.Json, "needsOffice"));

        var paid = await DecisionAsync(app, fundId, references[0]);
        Assert.Equal((PayoutState.Paid, day), (paid.Payouts[^1].State, paid.Payouts[^1].PaidOn!.Value));
        var after = await AddsUpAsync(app, fundId);
        Assert.Equal(before.Allocated, after.Allocated);
        Assert.Equal(449.99m, after.PaidOut.ToDecimal());
        var funding = await app.Get<Functions.Ledger.LedgerViews>().GrantAsync(fundId, references[1], CancellationToken.None);
        Assert.Equal(149.99m, funding.PaidOut.ToDecimal());
        var facts = await FiguresAsync(app, fundId);
        Assert.Equal(449.99m, facts.Where(f => f.Kind == FigureKind.PayoutPaid).Sum(f => f.AmountCents) / 100m);
        Assert.Equal(409, (await CancelAsync(app, fundId, exportId)).Status); // the bank confirmed it

        Assert.Empty(Outcomes((await ImportAsync(app, fundId, debits)).Json, "matched")); // again: nothing changes
        Assert.Equal(Totals(after), Totals(await AddsUpAsync(app, fundId)));

        // The first transfer comes back: account closed (AC04).
        var returned = CamtSamples.Statement(
            CamtSamples.V02,
            CamtSamples.FundIban,
            new CamtEntry("ACSR-2003", "CRDT", 300m, day.AddDays(1), [new CamtTx(references[0] + "-A1", 300m, ["RETOURE " + references[0]], "Foerderverein GS Am Rhein e.V.", ReturnReason: "AC04")]));
        app.Time.Advance(TimeSpan.FromDays(1));
        var back = await ImportAsync(app, fundId, returned);
        Assert.True(back.Status == 200, back.ToString());
        Assert.Equal(["payoutReturned"], Outcomes(back.Json, "matched"));
        var reopened = await DecisionAsync(app, fundId, references[0]);
        Assert.Equal(PayoutState.Returned, reopened.Payouts[^1].State);
        Assert.StartsWith("AC04", reopened.Payouts[^1].ReturnReason, StringComparison.Ordinal);
        Assert.Equal(149.99m, (await AddsUpAsync(app, fundId)).PaidOut.ToDecimal());
        Assert.Contains(await FiguresAsync(app, fundId), f => f.Kind == FigureKind.PayoutReturned && f.Reference == references[0] && f.AmountCents == 30000);

        var again = await ExportAsync(app, fundId, new { allDue = true });
        Assert.True(again.Status == 201, again.ToString());
        Assert.Equal(references[0] + "-A2", Value(await FileAsync(app, fundId, again.Json.GetProperty("exportId").GetString()!), "//p:EndToEndId"));
    }

    public static TheoryData<string, string, int> HostileFiles => new()
    {
        {
            "xxe",
            """<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>&x;</BkToCstmrStmt></Document>""",
            422
        },
        {
            "billion laughs",
            """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>&lol4;</BkToCstmrStmt></Document>""",
            422
        },
        {
            "wrong namespace",
            """<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn/></Document>""",
            422
        },
        { "not xml", "<Document><unclosed></Document>", 422 },
        { "html", "Ein Kontoauszug als Text", 422 },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task Hostile_or_foreign_files_are_refused_with_a_problem_and_change_nothing(string what, string content, int status)
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);

        var response = await ImportAsync(app, fundId, Encoding.UTF8.GetBytes(content));

        Assert.True(response.Status == status, what + ": " + response);
        Assert.Equal("application/problem+json", response.ContentType.Split(';')[0]);
        Assert.DoesNotContain("root:", response.Body, StringComparison.Ordinal);
        Assert.Empty(await RowsAsync(app, fundId, PayoutRows.StatementPrefix));
        Assert.Empty(await app.Get<PaymentService>().ListAsync(fundId, unmatchedOnly: false, CancellationToken.None));
    }

    [Fact]
    public async Task A_50_MB_file_a_zip_bomb_and_another_account_are_refused()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await FundAsync(app);

        var huge = new byte[50 * 1024 * 1024];
        Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><Document>").CopyTo(huge, 0);
        var tooLarge = await ImportAsync(app, fundId, huge);
        Assert.Equal(413, tooLarge.Status);

        // 2 KiB compressed, 60 MiB unpacked: refused while unpacking, whatever the archive claims.
        using (var bomb = new MemoryStream())
        {
            using (var archive = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
            {
                using var entry = archive.CreateEntry("statement.xml", CompressionLevel.SmallestSize).Open();
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < 60; i++)
                {
                    entry.Write(zeros);
                }
            }

            var refused = await ImportAsync(app, fundId, bomb.ToArray(), "application/zip");
            Assert.Equal(422, refused.Status);
            Assert.Contains("entpackt größer", refused.Body, StringComparison.Ordinal);
        }

        var other = CamtSamples.Statement(CamtSamples.V02, "DE02120300000000202051", new CamtEntry("X-1", "CRDT", 5m, new DateOnly(2026, 11, 25), [new CamtTx(null, 5m, ["x"])]));
        var foreign = await ImportAsync(app, fundId, other);
        Assert.Equal(422, foreign.Status);
        Assert.Contains("DE02 1203 0000 0000 2020 51", foreign.Body, StringComparison.Ordinal);
        Assert.Equal(415, (await ImportAsync(app, fundId, Encoding.UTF8.GetBytes("{}"), "application/json")).Status);
        Assert.Empty(await RowsAsync(app, fundId, PayoutRows.StatementPrefix));
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] files)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }
}
