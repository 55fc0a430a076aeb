using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.Azure.Functions.Worker;
using MintFonds.Core.Notifications;
using MintFonds.Functions.Applications;
using MintFonds.Functions.Figures;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Payouts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Applications;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Decisions.DecisionTestKit;
using static MintFonds.Functions.Tests.Payouts.PayoutTestKit;

namespace MintFonds.Functions.Tests.Payouts;

/// <summary>The proof of use through the status token, the office's review, the repayment, and the reminders.</summary>
[Collection(AppCollection.Name)]
public sealed class ProofOfUseTests(SharedFixture shared)
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];
    private static readonly byte[] Png = GiroCodeImage.Png("Beleg");

    public static Dictionary<string, object?> Report(decimal material = 200m, decimal consumables = 50m, bool consent = true) => new()
    {
        ["report"] = "Vier Experimentiernachmittage mit den 3. Klassen; die Kinder bauten Stromkreise.",
        ["participantsByStage"] = new Dictionary<string, int> { ["primarstufe"] = 46, ["kita"] = 12 },
        ["spending"] = new[]
        {
            new Dictionary<string, object?> { ["budgetLine"] = "Experimentierkästen Strom (4 Stück)", ["amount"] = material },
            new Dictionary<string, object?> { ["budgetLine"] = "Verbrauchsmaterial", ["amount"] = consumables },
        },
        ["photoConsentConfirmed"] = consent,
    };

    [Fact]
    public async Task Files_are_taken_by_their_content_stored_under_random_names_and_the_status_says_submitted()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m]);
        var reference = references[0];
        var token = await TokenAsync(app, fundId, reference);
        var status = await StatusAsync(app, fundId, reference, token);
        Assert.Equal(("due", "2027-09-30"), (status.GetProperty("proofOfUse").GetProperty("state").GetString(), status.GetProperty("proofOfUse").GetProperty("dueOn").GetString()));

        var response = await SubmitAsync(app, fundId, reference, token, Report(), ("receipts", "Rechnung.pdf", "application/pdf", Png), ("receipts", "Beleg.pdf", "application/pdf", Pdf), ("photos", "Foto.jpg", "image/jpeg", Jpeg));

        Assert.True(response.Status == 201, response.ToString());
        var files = response.Json.GetProperty("files").EnumerateArray().ToList();
        // The PNG named ".pdf" is the PNG it is.
        Assert.Equal(["image/png", "application/pdf", "image/jpeg"], files.Select(f => f.GetProperty("contentType").GetString()));
        Assert.Equal(["receipt", "receipt", "photo"], files.Select(f => f.GetProperty("kind").GetString()));
        var blobs = await BlobsAsync(app, fundId);
        Assert.Equal(3, blobs.Count);
        Assert.DoesNotContain(blobs, b => b.Name.Contains("Rechnung", StringComparison.Ordinal) || b.Name.Contains(".pdf", StringComparison.Ordinal));
        var first = blobs.Single(b => b.Name.EndsWith(files[0].GetProperty("id").GetString()!, StringComparison.Ordinal));
        Assert.Equal("image/png", first.Properties.ContentType);
        Assert.Empty(await RowsAsync(app, fundId, PayoutRows.UploadPrefix)); // the claim went with the commit
        Assert.Empty(await RowsAsync(app, fundId, PayoutRows.UseDuePrefix)); // no reminders, not overdue

        Assert.Equal("submitted", (await StatusAsync(app, fundId, reference, token)).GetProperty("proofOfUse").GetProperty("state").GetString());
        var download = await app.CallAsync<ProofOfUseFunctions>(
            "GET", "/x", (f, r) => f.DownloadProofOfUseFile(r, fundId, reference, files[0].GetProperty("id").GetString()!, CancellationToken.None), token: app.PlatformAdminToken);
        Assert.Equal(Png, download.Bytes);

        // The same request again (same Idempotency-Key): the stored proof, nothing added.
        var replay = await SubmitAsync(app, fundId, reference, token, Report(), key: "k-1", ("receipts", "Beleg.pdf", "application/pdf", Pdf));
        var replayed = await SubmitAsync(app, fundId, reference, token, Report(), key: "k-1", ("receipts", "Beleg.pdf", "application/pdf", Pdf));
        Assert.Equal((201, 200), (replay.Status, replayed.Status));
        Assert.Equal(4, replayed.Json.GetProperty("files").GetArrayLength());
    }

    [Fact]
    public async Task Html_named_jpg_an_oversized_file_photos_without_consent_and_a_wrong_token_store_nothing()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m]);
        var reference = references[0];
        var token = await TokenAsync(app, fundId, reference);

        var html = await SubmitAsync(app, fundId, reference, token, Report(), ("photos", "Foto.jpg", "image/jpeg", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>")));
        Assert.Equal(415, html.Status);
        Assert.Contains("'Foto.jpg'", html.Json.GetProperty("errors").GetProperty("photos[0]")[0].GetString(), StringComparison.Ordinal);

        var pdfAsPhoto = await SubmitAsync(app, fundId, reference, token, Report(), ("photos", "Bild.png", "image/png", Pdf));
        Assert.Equal(415, pdfAsPhoto.Status);

        var big = new byte[ProofOfUseUploadReader.MaxFileBytes + 1];
        Pdf.CopyTo(big, 0);
        var oversized = await SubmitAsync(app, fundId, reference, token, Report(), ("receipts", "Scan.pdf", "application/pdf", big));
        Assert.Equal(413, oversized.Status);
        Assert.Contains("'Scan.pdf'", oversized.Json.GetProperty("errors").GetProperty("receipts[0]")[0].GetString(), StringComparison.Ordinal);

        var noConsent = await SubmitAsync(app, fundId, reference, token, Report(consent: false), ("photos", "Foto.jpg", "image/jpeg", Jpeg));
        Assert.Equal(422, noConsent.Status);
        Assert.True(noConsent.Json.GetProperty("errors").TryGetProperty("report.photoConsentConfirmed", out _));

        var badLine = Report();
        ((Dictionary<string, object?>[])badLine["spending"]!)[0]["budgetLine"] = "Laptop";
        Assert.Equal(422, (await SubmitAsync(app, fundId, reference, token, badLine)).Status);
        Assert.Equal(404, (await SubmitAsync(app, fundId, reference, "x" + token[1..], Report(), ("receipts", "Beleg.pdf", "application/pdf", Pdf))).Status);

        Assert.Empty(await BlobsAsync(app, fundId));
        Assert.Empty(await RowsAsync(app, fundId, PayoutRows.UsePrefix));
        Assert.Empty(await RowsAsync(app, fundId, PayoutRows.UploadPrefix));
    }

    [Fact]
    public async Task The_office_asks_for_more_then_accepts_and_the_unspent_money_comes_back_through_the_statement()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m]);
        var reference = references[0];
        await ExportAsync(app, fundId, new { references });
        var day = new DateOnly(2026, 11, 26);
        await ImportAsync(app, fundId, CamtSamples.Statement(CamtSamples.V02, CamtSamples.FundIban, new CamtEntry("P-1", "DBIT", 300m, day, [new CamtTx(reference + "-A1", 300m, [reference])])));
        var token = await TokenAsync(app, fundId, reference);
        await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId);

        Assert.Equal(201, (await SubmitAsync(app, fundId, reference, token, Report(200m, 50m))).Status);
        var more = await ReviewAsync(app, fundId, reference, "request-more", "Bitte die Rechnung der Experimentierkästen nachreichen.");
        Assert.True(more.Status == 200, more.ToString());
        Assert.Equal(409, (await ReviewAsync(app, fundId, reference, "accept", null)).Status); // nothing new submitted
        var mails = await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId);
        Assert.Contains(mails, m => m.Template == NotificationTemplates.ProofOfUseMoreRequested && m.StatusLinkFor == reference);
        token = await TokenAsync(app, fundId, reference);
        var status = (await StatusAsync(app, fundId, reference, token)).GetProperty("proofOfUse");
        Assert.Equal(("moreRequested", "Bitte die Rechnung der Experimentierkästen nachreichen."), (status.GetProperty("state").GetString(), status.GetProperty("officeMessage").GetString()));

        Assert.Equal(201, (await SubmitAsync(app, fundId, reference, token, Report(200m, 50m), ("receipts", "Rechnung.pdf", "application/pdf", Pdf))).Status);
        var accepted = await ReviewAsync(app, fundId, reference, "accept", "Danke!");
        Assert.True(accepted.Status == 200, accepted.ToString());
        Assert.Equal(50m, accepted.Json.GetProperty("repaymentDue").GetDecimal());

        var mail = (await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId)).Single(m => m.Template == NotificationTemplates.ProofOfUseAccepted);
        var giroCode = mail.QrCodes.Single().Payload.Split('\n');
        Assert.Equal(["BCD", "002", "1", "SCT"], giroCode[..4]);
        Assert.Equal("DE89370400440532013000", giroCode[6]);
        Assert.Equal("EUR50.00", giroCode[7]);
        Assert.StartsWith(reference, giroCode[10], StringComparison.Ordinal);
        var use = (await FiguresAsync(app, fundId)).Single(f => f.Kind == FigureKind.UseAccepted);
        Assert.Equal((46, 12), (use.ParticipantsByStage![Core.Funds.EducationStage.Primarstufe], use.ParticipantsByStage[Core.Funds.EducationStage.Kita]));
        Assert.Equal("accepted", (await StatusAsync(app, fundId, reference, token)).GetProperty("proofOfUse").GetProperty("state").GetString());
        Assert.Equal(409, (await SubmitAsync(app, fundId, reference, token, Report())).Status);

        var before = await AddsUpAsync(app, fundId);
        var repayment = CamtSamples.Statement(
            CamtSamples.V08, CamtSamples.FundIban,
            new CamtEntry("R-1", "CRDT", 50m, day, [new CamtTx(null, 50m, [reference + " Rueckzah", "lung Zuschuss"], "Foerderverein GS Am Rhein e.V.")]));
        var imported = await ImportAsync(app, fundId, repayment);
        Assert.Equal(["repayment"], Outcomes(imported.Json, "matched"));
        var after = await AddsUpAsync(app, fundId);
        Assert.Equal((50m, before.Available.ToDecimal() + 50m, before.Allocated.ToDecimal() - 50m), (after.Repaid.ToDecimal(), after.Available.ToDecimal(), after.Allocated.ToDecimal()));
        Assert.Contains(await FiguresAsync(app, fundId), f => f.Kind == FigureKind.RepaymentReceived && f.AmountCents == 5000);
        Assert.Equal(50m, (await ReviewAsync(app, fundId, reference, null, null)).Json.GetProperty("repaymentReceived").GetDecimal());
        Assert.Empty(Outcomes((await ImportAsync(app, fundId, repayment)).Json, "matched"));
        Assert.Equal(Totals(after), Totals(await AddsUpAsync(app, fundId)));
    }

    [Fact]
    public async Task A_request_for_more_sets_a_deadline_that_is_reminded_and_listed_overdue_until_the_addition_arrives()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m]);
        var reference = references[0];
        var token = await TokenAsync(app, fundId, reference);
        Assert.Equal(201, (await SubmitAsync(app, fundId, reference, token, Report())).Status);

        // A deadline in the past or too far ahead is refused naming it, and nothing changes.
        var today = Core.Time.BerlinTime.Today(app.Time).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var wrong in new[] { today, "2030-01-01" })
        {
            var refused = await ReviewAsync(app, fundId, reference, "request-more", "Bitte Belege nachreichen.", wrong);
            Assert.Equal(422, refused.Status);
            Assert.True(refused.Json.GetProperty("errors").TryGetProperty("dueOn", out _), refused.ToString());
        }

        Assert.Equal("submitted", (await ReviewAsync(app, fundId, reference, null, null)).Json.GetProperty("state").GetString());
        var more = await ReviewAsync(app, fundId, reference, "request-more", "Bitte Belege nachreichen.", "2027-01-15");
        Assert.True(more.Status == 200, more.ToString());
        Assert.Equal("2027-01-15", more.Json.GetProperty("dueOn").GetString());
        Assert.Single(await RowsAsync(app, fundId, PayoutRows.UseDuePrefix));
        await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId);

        // Reminded before and after the new date, and overdue in between, like the first deadline.
        app.Time.SetUtcNow(new DateTimeOffset(2027, 1, 5, 7, 0, 0, TimeSpan.Zero));
        await app.Get<ProofOfUseFunctions>().SendProofOfUseReminders(new TimerInfo(), CancellationToken.None);
        app.Time.SetUtcNow(new DateTimeOffset(2027, 1, 20, 7, 0, 0, TimeSpan.Zero));
        await app.Get<ProofOfUseFunctions>().SendProofOfUseReminders(new TimerInfo(), CancellationToken.None);
        var reminders = (await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId)).Where(m => m.Template == NotificationTemplates.ProofOfUseReminder).ToList();
        Assert.Equal([$"{NotificationTemplates.ProofOfUseReminder}:{fundId}:{reference}:20270115:before", $"{NotificationTemplates.ProofOfUseReminder}:{fundId}:{reference}:20270115:after"], reminders.Select(m => m.MessageKey));
        var overdue = (await OverdueAsync(app, fundId)).EnumerateArray().Single();
        Assert.Equal((reference, 5), (overdue.GetProperty("reference").GetString(), overdue.GetProperty("daysOverdue").GetInt32()));

        // The addition arrives: no longer due, no longer overdue.
        token = await TokenAsync(app, fundId, reference);
        Assert.Equal(201, (await SubmitAsync(app, fundId, reference, token, Report(), ("receipts", "Beleg.pdf", "application/pdf", Pdf))).Status);
        Assert.Empty(await RowsAsync(app, fundId, PayoutRows.UseDuePrefix));
        Assert.Empty((await OverdueAsync(app, fundId)).EnumerateArray());
    }

    [Fact]
    public async Task Erasure_deletes_the_photos_at_once_and_the_end_of_retention_the_rest_of_the_proof_of_use()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m]);
        var reference = references[0];
        var token = await TokenAsync(app, fundId, reference);
        Assert.Equal(201, (await SubmitAsync(app, fundId, reference, token, Report(), ("receipts", "Rechnung.pdf", "application/pdf", Pdf), ("photos", "Foto.jpg", "image/jpeg", Jpeg))).Status);
        Assert.Equal(2, (await BlobsAsync(app, fundId)).Count);

        // Art. 17: the photos rest on consent alone and go; the receipt is a voucher of the payout and stays, restricted.
        var erased = await Privacy.PrivacyTestKit.EraseAsync(app, fundId, Privacy.PrivacyTestKit.ApplicantEmail);
        Assert.True(erased.Status == 200, erased.ToString());
        var action = Assert.Single(erased.Json.GetProperty("actions").EnumerateArray(), a => a.GetProperty("record").GetString() == "proof-of-use/" + reference);
        Assert.Equal("erased", action.GetProperty("action").GetString());
        var left = await BlobsAsync(app, fundId);
        Assert.Equal("application/pdf", Assert.Single(left).Properties.ContentType);
        var kept = await ReviewAsync(app, fundId, reference, null, null);
        Assert.Equal(["receipt"], kept.Json.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("kind").GetString()));
        Assert.Equal(200, (await Privacy.PrivacyTestKit.EraseAsync(app, fundId, Privacy.PrivacyTestKit.ApplicantEmail)).Status); // a repeat changes nothing

        // When the grant's retention ends, the rest goes; the anonymous figures stay.
        app.Time.SetUtcNow(new DateTimeOffset(2035, 1, 1, 2, 0, 0, TimeSpan.Zero));
        await app.Get<Functions.Privacy.RetentionFunctions>().ApplyRetention(new TimerInfo(), CancellationToken.None);
        Assert.Empty(await BlobsAsync(app, fundId));
        var purged = (await ReviewAsync(app, fundId, reference, null, null)).Json;
        Assert.Empty(purged.GetProperty("files").EnumerateArray());
        Assert.Equal(string.Empty, purged.GetProperty("report").GetString());
        Assert.Equal(58, purged.GetProperty("participantsByStage").EnumerateObject().Sum(p => p.Value.GetInt32()));
    }

    [Fact]
    public async Task Reminders_go_once_before_and_once_after_the_due_date_however_often_the_timer_runs()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m]);
        var reference = references[0];
        var token = await TokenAsync(app, fundId, reference);
        await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId);
        var sent = new List<NotificationMessage>();

        async Task RunOnAsync(DateTimeOffset at, int times = 2)
        {
            app.Time.SetUtcNow(at);
            for (var i = 0; i < times; i++)
            {
                await app.Get<ProofOfUseFunctions>().SendProofOfUseReminders(new TimerInfo(), CancellationToken.None);
            }

            sent.AddRange((await QueueProbe.TakeNotificationsAsync(app.ConnectionString, QueueNames.Notifications, fundId)).Where(m => m.Template == NotificationTemplates.ProofOfUseReminder));
        }

        await RunOnAsync(new DateTimeOffset(2027, 9, 10, 7, 0, 0, TimeSpan.Zero)); // 20 days before: nothing yet
        Assert.Empty(sent);
        await RunOnAsync(new DateTimeOffset(2027, 9, 16, 7, 0, 0, TimeSpan.Zero), times: 3); // 14 days before
        Assert.Single(sent);
        Assert.Equal(14, sent[0].Data.GetProperty("daysLeft").GetInt32());
        await RunOnAsync(new DateTimeOffset(2027, 9, 30, 7, 0, 0, TimeSpan.Zero)); // due today: already reminded
        Assert.Single(sent);
        Assert.Empty((await OverdueAsync(app, fundId)).EnumerateArray());

        await RunOnAsync(new DateTimeOffset(2027, 10, 1, 7, 0, 0, TimeSpan.Zero), times: 3); // overdue
        Assert.Equal(2, sent.Count);
        Assert.Equal(-1, sent[1].Data.GetProperty("daysLeft").GetInt32());
        Assert.Equal([$"{NotificationTemplates.ProofOfUseReminder}:{fundId}:{reference}:20270930:before", $"{NotificationTemplates.ProofOfUseReminder}:{fundId}:{reference}:20270930:after"], sent.Select(m => m.MessageKey));
        await RunOnAsync(new DateTimeOffset(2027, 10, 20, 7, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, sent.Count);

        var overdue = (await OverdueAsync(app, fundId)).EnumerateArray().Single();
        Assert.Equal((reference, 20, true), (overdue.GetProperty("reference").GetString(), overdue.GetProperty("daysOverdue").GetInt32(), overdue.GetProperty("reminded").GetBoolean()));

        Assert.Equal(201, (await SubmitAsync(app, fundId, reference, token, Report())).Status);
        Assert.Empty((await OverdueAsync(app, fundId)).EnumerateArray());
    }

    [Fact]
    public async Task The_applicants_data_export_carries_the_proof_of_use_and_its_files()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var (fundId, _, references) = await ApprovedAsync(app, [300m]);
        var reference = references[0];
        var token = await TokenAsync(app, fundId, reference);
        var sent = await SubmitAsync(app, fundId, reference, token, Report(), ("receipts", "Rechnung.pdf", "application/pdf", Pdf), ("photos", "Foto.jpg", "image/jpeg", Jpeg));
        Assert.True(sent.Status == 201, sent.ToString());
        var ids = sent.Json.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();

        // Art. 15 DSGVO: everything stored about the person, the proof of use of their grant included.
        var (data, files) = Privacy.PrivacyTestKit.OpenExport(await Privacy.PrivacyTestKit.ExportAsync(app, fundId, Privacy.PrivacyTestKit.ApplicantEmail));
        var use = Assert.Single(data.GetProperty("proofsOfUse").EnumerateArray());
        Assert.Equal(reference, use.GetProperty("reference").GetString());
        Assert.Equal(2, use.GetProperty("files").GetArrayLength());
        Assert.Empty(use.GetProperty("submissionKeys").EnumerateArray());
        Assert.Equal(Pdf, files[$"files/proof-of-use/{reference}/{ids[0]}.pdf"]);
        Assert.Equal(Jpeg, files[$"files/proof-of-use/{reference}/{ids[1]}.jpg"]);
        Assert.Equal(files.Count, data.GetProperty("files").GetArrayLength()); // every file in the ZIP is listed in data.json
    }

    public static async Task<TestResponse> SubmitAsync(TestApp app, string fundId, string reference, string token, object report, params (string Part, string FileName, string DeclaredType, byte[] Content)[] files) =>
        await SubmitAsync(app, fundId, reference, token, report, null, files);

    public static async Task<TestResponse> SubmitAsync(TestApp app, string fundId, string reference, string token, object report, string? key, params (string Part, string FileName, string DeclaredType, byte[] Content)[] files)
    {
        using var content = new MultipartFormDataContent("----mintfonds-" + Guid.NewGuid().ToString("N"));
        content.Add(new StringContent(JsonSerializer.Serialize(report), Encoding.UTF8, "application/json"), "report");
        foreach (var (part, name, declared, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(declared);
            content.Add(file, part, name);
        }

        var body = await content.ReadAsByteArrayAsync();
        var headers = new Dictionary<string, string> { [ApplicationFunctions.TokenHeader] = token };
        if (key is not null)
        {
            headers["Idempotency-Key"] = key;
        }

        return await app.CallAsync<ProofOfUseFunctions>(
            "POST", $"/api/funds/{fundId}/applications/{reference}/proof-of-use", (f, r) => f.SubmitProofOfUse(r, fundId, reference, CancellationToken.None),
            rawBytes: body, contentType: content.Headers.ContentType!.ToString(), headers: headers);
    }

    private static async Task<JsonElement> StatusAsync(TestApp app, string fundId, string reference, string token)
    {
        var response = await app.CallAsync<ApplicationFunctions>(
            "GET", $"/api/funds/{fundId}/applications/{reference}/status", (f, r) => f.GetApplicationStatus(r, fundId, reference, CancellationToken.None),
            headers: new Dictionary<string, string> { [ApplicationFunctions.TokenHeader] = token });
        Assert.True(response.Status == 200, response.ToString());
        return response.Json;
    }

    private static Task<TestResponse> ReviewAsync(TestApp app, string fundId, string reference, string? action, string? message, string? dueOn = null) =>
        app.CallAsync<ProofOfUseFunctions>(
            action is null ? "GET" : "POST",
            $"/api/manage/funds/{fundId}/applications/{reference}/proof-of-use" + (action is null ? string.Empty : "/" + action),
            (f, r) => action switch
            {
                null => f.GetProofOfUse(r, fundId, reference, CancellationToken.None),
                "accept" => f.AcceptProofOfUse(r, fundId, reference, CancellationToken.None),
                _ => f.RequestMoreProofOfUse(r, fundId, reference, CancellationToken.None),
            },
            action is null ? null : dueOn is null ? new Dictionary<string, object?> { ["message"] = message } : new Dictionary<string, object?> { ["message"] = message, ["dueOn"] = dueOn },
            app.PlatformAdminToken);

    private static async Task<JsonElement> OverdueAsync(TestApp app, string fundId)
    {
        var response = await app.CallAsync<ProofOfUseFunctions>(
            "GET", $"/api/manage/funds/{fundId}/proof-of-use/overdue", (f, r) => f.ListOverdueProofsOfUse(r, fundId, CancellationToken.None), token: app.PlatformAdminToken);
        Assert.True(response.Status == 200, response.ToString());
        return response.Json.GetProperty("overdue");
    }

    private static async Task<List<BlobItem>> BlobsAsync(TestApp app, string fundId)
    {
        var list = new List<BlobItem>();
        await foreach (var blob in app.Storage.Container(BlobContainerNames.Attachments).GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{fundId}/proof-of-use/", CancellationToken.None))
        {
            list.Add(blob);
        }

        return list;
    }
}
