using System.Globalization;
using System.Xml.Linq;
using Azure.Data.Tables;
using MintFonds.Core.Payments;
using MintFonds.Core.Validation;
using MintFonds.Functions.Decisions;
using MintFonds.Functions.Ledger;
using MintFonds.Functions.Payouts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Decisions.DecisionTestKit;
using static MintFonds.Functions.Tests.Payouts.PayoutTestKit;

namespace MintFonds.Functions.Tests.Payouts;

/// <summary>
/// Payout files: SEPA credit transfer pain.001.001.09 under the DK rules (Anlage 3, SCT), read back element by element
/// with XPath, independent of the writer.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PayoutExportTests(SharedFixture shared)
{
    [Fact]
    public async Task One_grant_gives_a_DK_conformant_pain_001_001_09_file_and_is_marked_exported()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m]);
        var reference = references[0];

        var created = await ExportAsync(app, fundId, new { references, executionDate = "2026-11-30" });
        Assert.True(created.Status == 201, created.ToString());
        var exportId = created.Json.GetProperty("exportId").GetString()!;
        var file = await FileAsync(app, fundId, exportId);

        Assert.Equal(PainNs, file.Root!.Name.NamespaceName);
        Assert.Equal("MINTFONDS-" + exportId, Value(file, "/p:Document/p:CstmrCdtTrfInitn/p:GrpHdr/p:MsgId"));
        Assert.Equal("1", Value(file, "//p:GrpHdr/p:NbOfTxs"));
        Assert.Equal("300.00", Value(file, "//p:GrpHdr/p:CtrlSum"));
        Assert.Equal("1", Value(file, "//p:PmtInf/p:NbOfTxs"));
        Assert.Equal("300.00", Value(file, "//p:PmtInf/p:CtrlSum"));
        Assert.Equal("TRF", Value(file, "//p:PmtInf/p:PmtMtd"));
        Assert.Equal("SEPA", Value(file, "//p:PmtInf/p:PmtTpInf/p:SvcLvl/p:Cd"));
        Assert.Equal("SLEV", Value(file, "//p:PmtInf/p:ChrgBr"));
        Assert.Equal("2026-11-30", Value(file, "//p:PmtInf/p:ReqdExctnDt/p:Dt"));
        Assert.Equal("DE89370400440532013000", Value(file, "//p:PmtInf/p:DbtrAcct/p:Id/p:IBAN"));
        Assert.Equal("COBADEFFXXX", Value(file, "//p:PmtInf/p:DbtrAgt/p:FinInstnId/p:BICFI"));

        var tx = All(file, "//p:CdtTrfTxInf").Single();
        var ns = XNamespace.Get(PainNs);
        Assert.Equal(reference + "-A1", tx.Element(ns + "PmtId")!.Element(ns + "EndToEndId")!.Value);
        var amount = tx.Element(ns + "Amt")!.Element(ns + "InstdAmt")!;
        Assert.Equal(("EUR", "300.00"), (amount.Attribute("Ccy")!.Value, amount.Value));
        // The grantee's account from the application; the name transliterated to the SEPA character set (ö → oe).
        Assert.Equal("Foerderverein GS Am Rhein e.V.", tx.Element(ns + "Cdtr")!.Element(ns + "Nm")!.Value);
        var iban = tx.Element(ns + "CdtrAcct")!.Element(ns + "Id")!.Element(ns + "IBAN")!.Value;
        Assert.Equal("DE02120300000000202051", iban);
        Assert.True(Iban.IsValid(iban));
        var remittance = Value(file, "//p:CdtTrfTxInf/p:RmtInf/p:Ustrd");
        Assert.StartsWith(reference + " Zuschuss", remittance, StringComparison.Ordinal);
        Assert.True(remittance.Length <= 140);
        foreach (var text in file.Descendants().Where(e => !e.HasElements).Select(e => e.Value))
        {
            Assert.All(text, c => Assert.True(SepaText.IsSepaCharacter(c), $"'{c}' in '{text}' is not in the SEPA character set"));
        }

        // Marked in the same step: the grant carries the pending payout and is no longer due; no money moved yet.
        var decision = await DecisionAsync(app, fundId, reference);
        Assert.Equal((PayoutState.Exported, exportId), (decision.PendingPayout!.State, decision.PendingPayout.ExportId));
        Assert.Empty(await RowsAsync(app, fundId, PayoutRows.PayablePrefix));
        var balance = await AddsUpAsync(app, fundId);
        Assert.Equal(0m, balance.PaidOut.ToDecimal());
    }

    [Fact]
    public async Task Two_grants_give_two_transfers_with_a_control_sum_to_the_cent()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m, 149.99m]);

        var created = await ExportAsync(app, fundId, new { allDue = true });
        Assert.True(created.Status == 201, created.ToString());
        var file = await FileAsync(app, fundId, created.Json.GetProperty("exportId").GetString()!);

        Assert.Equal("2", Value(file, "//p:GrpHdr/p:NbOfTxs"));
        Assert.Equal("449.99", Value(file, "//p:GrpHdr/p:CtrlSum"));
        Assert.Equal("449.99", Value(file, "//p:PmtInf/p:CtrlSum"));
        var amounts = All(file, "//p:CdtTrfTxInf/p:Amt/p:InstdAmt").Select(a => decimal.Parse(a.Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(449.99m, amounts.Sum());
        var ids = All(file, "//p:CdtTrfTxInf/p:PmtId/p:EndToEndId").Select(e => e.Value).ToList();
        Assert.Equal(references.Select(r => r + "-A1").Order(), ids.Order());
        // The next bank working day after Thursday, 26 November 2026.
        Assert.Equal("2026-11-27", Value(file, "//p:ReqdExctnDt/p:Dt"));
    }

    [Fact]
    public async Task The_same_grant_is_never_exported_twice_and_the_same_request_gets_the_same_file()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m]);
        var first = await ExportAsync(app, fundId, new { references }, key: "export-1");
        Assert.Equal(201, first.Status);

        var replay = await ExportAsync(app, fundId, new { references }, key: "export-1");
        Assert.Equal(200, replay.Status);
        Assert.Equal("true", replay.Headers["Idempotent-Replayed"].ToString());
        Assert.Equal(first.Json.GetProperty("exportId").GetString(), replay.Json.GetProperty("exportId").GetString());

        var again = await ExportAsync(app, fundId, new { references });
        Assert.Equal(409, again.Status);
        Assert.Contains(references[0], again.Json.GetProperty("errors").GetProperty("references[0]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(409, (await ExportAsync(app, fundId, new { allDue = true })).Status);

        // A typed-in payout would count the transfer twice while the file is with the bank.
        var typed = await ActAsync(app, fundId, references[0], "payouts", new Dictionary<string, object?> { ["amount"] = 300m, ["bankReference"] = "HAND-1" });
        Assert.Equal(409, typed.Status);
        // Nor can its money be released while the bank may still execute the transfer.
        Assert.Equal(409, (await ActAsync(app, fundId, references[0], "renounce", new Dictionary<string, object?> { ["reason"] = "Projekt entfällt" })).Status);
    }

    [Fact]
    public async Task A_cancelled_file_makes_its_grants_due_again_with_a_new_end_to_end_id()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m]);
        var exportId = (await ExportAsync(app, fundId, new { references })).Json.GetProperty("exportId").GetString()!;

        Assert.Equal(422, (await CancelAsync(app, fundId, exportId, reason: "")).Status);
        var cancelled = await CancelAsync(app, fundId, exportId);
        Assert.True(cancelled.Status == 200, cancelled.ToString());
        Assert.Equal("cancelled", cancelled.Json.GetProperty("state").GetString());
        Assert.Equal(200, (await CancelAsync(app, fundId, exportId)).Status); // again: the same answer
        var audit = await app.Get<Functions.Audit.AuditLog>().ListAsync(fundId, 50, CancellationToken.None);
        Assert.Contains(audit, e => e.Action == "payout.export.cancel" && e.Target == $"export/{exportId}");

        var next = await ExportAsync(app, fundId, new { allDue = true });
        Assert.True(next.Status == 201, next.ToString());
        var file = await FileAsync(app, fundId, next.Json.GetProperty("exportId").GetString()!);
        Assert.Equal(references[0] + "-A2", Value(file, "//p:EndToEndId"));
    }

    [Fact]
    public async Task A_thousand_grants_make_one_file_with_a_thousand_transfers_marked_in_chunks()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [123.45m]);
        var template = await DecisionAsync(app, fundId, references[0]);
        var (application, _) = await app.Get<ApplicationStore>().GetAsync(fundId, references[0], CancellationToken.None);

        // 999 more approved grants written as the approval writes them (decision row, payable hint); their applications
        // are copies of the first one's. Amounts vary by cent so the control sum is checked to the cent.
        var ledger = app.Storage.Table(TableNames.Ledger);
        var applications = app.Storage.Table(TableNames.Applications);
        var expected = 123.45m;
        var seeded = Enumerable.Range(2, 999).Select(i => $"MRF-2026-{i + 5000:D4}").ToList();
        foreach (var chunk in seeded.Chunk(50))
        {
            var ledgerBatch = new PartitionBatch(fundId);
            var applicationBatch = new PartitionBatch(fundId);
            foreach (var reference in chunk)
            {
                var cents = 10_000 + int.Parse(reference[^4..], CultureInfo.InvariantCulture);
                expected += cents / 100m;
                var decision = template with
                {
                    Reference = reference,
                    Allocations = [template.Allocations[0] with { Amount = new Core.Money.Euro(cents) }],
                };
                ledgerBatch.Add(app.Get<DecisionTable>().Entity(decision)).Add(PayoutRows.PayableEntity(fundId, reference));
                applicationBatch.Add(global::MintFonds.Functions.Applications.ApplicationRows.ApplicationEntity(application with { Reference = reference }));
            }

            await ledgerBatch.SubmitAsync(ledger, CancellationToken.None);
            await applicationBatch.SubmitAsync(applications, CancellationToken.None);
        }

        var created = await ExportAsync(app, fundId, new { allDue = true });
        Assert.True(created.Status == 201, created.ToString());
        var file = await FileAsync(app, fundId, created.Json.GetProperty("exportId").GetString()!);

        Assert.Equal("1000", Value(file, "//p:GrpHdr/p:NbOfTxs"));
        Assert.Equal("1000", Value(file, "//p:PmtInf/p:NbOfTxs"));
        Assert.Equal(expected.ToString("0.00", CultureInfo.InvariantCulture), Value(file, "//p:GrpHdr/p:CtrlSum"));
        Assert.Equal(expected, All(file, "//p:InstdAmt").Sum(a => decimal.Parse(a.Value, CultureInfo.InvariantCulture)));
        Assert.Equal(1000, All(file, "//p:EndToEndId").Select(e => e.Value).Distinct().Count());
        Assert.All(All(file, "//p:CdtrAcct/p:Id/p:IBAN"), iban => Assert.True(Iban.IsValid(iban.Value)));
        Assert.Empty(await RowsAsync(app, fundId, PayoutRows.PayablePrefix));
        Assert.Equal(409, (await ExportAsync(app, fundId, new { allDue = true })).Status);
    }
}
