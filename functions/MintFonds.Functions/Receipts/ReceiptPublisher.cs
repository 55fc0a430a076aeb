using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using MintFonds.Core.EInvoices;
using MintFonds.Core.Funds;
using MintFonds.Core.Json;
using MintFonds.Core.Money;
using MintFonds.Core.Notifications;
using MintFonds.Core.Payments;
using MintFonds.Core.Pledges;
using MintFonds.Core.Receipts;
using MintFonds.Core.Time;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Payments;
using MintFonds.Functions.Pledges;
using MintFonds.Functions.Receipts.Pdf;
using MintFonds.Functions.Receipts.Wording;
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Receipts;

/// <summary>
/// Turns an issued receipt into its PDFs and the e-mail that carries one. The kept copy (PDF/A, unencrypted) is written
/// once to receipts/{fund}/{year}/{number}.pdf — the storage call itself refuses a second write, so the first write stays
/// the archive; the copy e-mailed to a donor is write-protected (BMF letter of 6.2.2017) and written once beside it.
/// A donation receipt that needs a handwritten signature (the fund has not notified the machine procedure,
/// R 10b.1 Abs. 4 EStR) goes to the fund office for printing and signing instead, never to the donor as if valid.
/// Safe to repeat: everything is rendered from the stored record, and the e-mail is one per key.
/// A restricted receipt or sponsor (an erasure request met the retention duty) gets its kept copy, but no e-mail.
/// A sponsoring invoice of a fund set to <see cref="EInvoiceFormat.PdfAndXRechnung"/> also gets its XRechnung, made from
/// the same document as the PDF and written once beside it (same name, ".xml"); it is built before anything is written,
/// so a refused e-invoice leaves no PDF without it, and a crash between the two writes heals on the retry (each write
/// is skipped when done). The e-mail then carries both. No number is taken for an invoice whose XML would be refused:
/// <see cref="ProblemRenderingAsync"/> builds it too.
/// </summary>
public sealed class ReceiptPublisher(
    StorageAccount storage, FundTable funds, SponsorTable sponsors, PaymentTable payments, PledgeLookup pledges, Regions.FundLogoService logos)
{
    public async Task PublishAsync(ReceiptRecord record, CancellationToken cancellationToken, string? emailKeySuffix = null)
    {
        var (fund, sponsor, covered, facsimile, pledgesOfPayments) = await LoadAsync(record, cancellationToken);
        var invoice = record.Kind == ReceiptKind.SponsoringInvoice ? InvoiceDocument(record, fund, sponsor, covered, pledgesOfPayments) : null;

        // The fund's letterhead (logo and colour): one blob read when it has a logo, none otherwise.
        var brand = await logos.BrandAsync(fund, cancellationToken);
        byte[] Pdf(PdfCopy copy) => invoice is null
            ? Render(record, fund, sponsor, covered, facsimile, copy, pledgesOfPayments, brand)
            : SponsoringInvoicePdf.Render(invoice, DocumentWording.German, copy, brand);
        var eInvoice = invoice is not null && SponsoringEInvoice.IsIssuedBy(fund) ? XRechnungCii.Build(invoice, EInvoiceInput(fund, sponsor, invoice)) : null;

        await WriteOnceAsync(record.BlobName, Pdf(PdfCopy.Archive), PdfMediaType, cancellationToken);
        if (eInvoice is not null)
        {
            await WriteOnceAsync(EInvoiceBlobName(record), eInvoice, XRechnungCii.MediaType, cancellationToken);
        }

        if (record.Restriction is not null || (await sponsors.GetAsync(record.FundId, record.SponsorId, cancellationToken))?.Value.Restriction is not null)
        {
            return;
        }

        var first = covered.OrderBy(p => p.ValueDate).First();
        var kind = record.Kind switch
        {
            ReceiptKind.CollectiveDonation => "collective",
            ReceiptKind.SponsoringInvoice => "sponsoring",
            _ => "donation",
        };

        NotificationMessage message;
        if (record.SignatureRequired)
        {
            message = new NotificationMessage
            {
                MessageKey = $"{NotificationTemplates.ReceiptForSignature}:{record.FundId}:{record.Number}{emailKeySuffix}",
                Template = NotificationTemplates.ReceiptForSignature,
                FundId = record.FundId,
                To = [new MailRecipient(fund.Contact.Email, fund.Name)],
                Data = JsonSerializer.SerializeToElement(
                    new { receipt = new { number = record.Number, kind, total = record.Total, issuedAt = record.IssuedAt }, sponsor = new { name = sponsor.Name } },
                    MintFondsJson.Storage),
                Attachments = [new BlobAttachment(BlobContainerNames.Receipts, record.BlobName, FileName(record), PdfMediaType)],
            };
        }
        else
        {
            await WriteOnceAsync(record.SentBlobName, Pdf(PdfCopy.Sent), PdfMediaType, cancellationToken);
            var sentPdf = new BlobAttachment(BlobContainerNames.Receipts, record.SentBlobName, FileName(record), PdfMediaType);
            message = new NotificationMessage
            {
                MessageKey = $"{NotificationTemplates.PaymentReceived}:{record.FundId}:{record.Number}{emailKeySuffix}",
                Template = NotificationTemplates.PaymentReceived,
                FundId = record.FundId,
                To = [new MailRecipient(sponsor.Email, sponsor.ContactPerson ?? sponsor.Name)],
                Data = JsonSerializer.SerializeToElement(
                    new
                    {
                        sponsor = new { name = sponsor.Name },
                        payment = new { amount = record.Total, valueDate = first.ValueDate, remittanceReference = first.Match?.RemittanceReference ?? first.BankReference },
                        receipt = new { number = record.Number, kind },
                    },
                    MintFondsJson.Storage),
                Attachments = eInvoice is null
                    ? [sentPdf]
                    : [sentPdf, new BlobAttachment(BlobContainerNames.Receipts, EInvoiceBlobName(record), EInvoiceFileName(record), XRechnungCii.MediaType)],
            };
        }

        await storage.Queue(QueueNames.Notifications).SendMessageAsync(JsonSerializer.Serialize(message, MintFondsJson.Storage), cancellationToken);
    }

    /// <summary>
    /// Renders a receipt that has no number yet, to learn before taking a number whether its data can be printed at all
    /// (e.g. an address too long for the one-page layout): a number must never be taken for a document that cannot exist.
    /// </summary>
    /// <returns>Null when it renders; otherwise why not.</returns>
    public async Task<string?> ProblemRenderingAsync(ReceiptRecord draft, CancellationToken cancellationToken)
    {
        try
        {
            var (fund, sponsor, covered, facsimile, pledgesOfPayments) = await LoadAsync(draft, cancellationToken);
            Render(draft, fund, sponsor, covered, facsimile, PdfCopy.Archive, pledgesOfPayments);
            if (draft.Kind == ReceiptKind.SponsoringInvoice && SponsoringEInvoice.IsIssuedBy(fund))
            {
                var invoice = InvoiceDocument(draft, fund, sponsor, covered, pledgesOfPayments);
                XRechnungCii.Build(invoice, EInvoiceInput(fund, sponsor, invoice));
            }

            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return ex.Message;
        }
    }

    /// <summary>Where a sponsoring invoice's XRechnung is kept: beside its PDF, same name, ".xml".</summary>
    public static string EInvoiceBlobName(ReceiptRecord record) => Path.ChangeExtension(record.BlobName, ".xml");

    public static string EInvoiceFileName(ReceiptRecord record) => $"Rechnung Sponsoring {record.Number}.xml";

    public static string FileName(ReceiptRecord record) => record.Kind switch
    {
        ReceiptKind.SponsoringInvoice => $"Rechnung Sponsoring {record.Number}.pdf",
        ReceiptKind.CollectiveDonation => $"Sammelbestätigung {record.Number}.pdf",
        _ => $"Zuwendungsbestätigung {record.Number}.pdf",
    };

    /// <summary>The PDF of a record; public so that previews and tests render exactly what is published.</summary>
    /// <param name="record">The receipt.</param>
    /// <param name="fund">The issuing fund.</param>
    /// <param name="sponsor">Whose name and address to print: see <see cref="ReceiptDonor"/>.</param>
    /// <param name="covered">The payments the receipt covers.</param>
    /// <param name="facsimile">The signatory's signature (PNG) for machine-made receipts, or null.</param>
    /// <param name="copy">The kept archive copy or the write-protected copy for the recipient.</param>
    /// <param name="pledgesOfPayments">The pledges the payments pay (for an invoice's service period).</param>
    /// <param name="brand">The fund's letterhead (logo, colour); null: none.</param>
    public byte[] Render(
        ReceiptRecord record, Fund fund, SponsorDetails sponsor, IReadOnlyList<Payment> covered, byte[]? facsimile = null, PdfCopy copy = PdfCopy.Archive,
        IReadOnlyList<Pledge>? pledgesOfPayments = null, DocumentBrand? brand = null)
    {
        var issued = DateOnly.FromDateTime(BerlinTime.ToLocal(record.IssuedAt).DateTime);
        var donor = new Addressee(sponsor.Name, AddressLines(sponsor.Address));
        switch (record.Kind)
        {
            case ReceiptKind.SponsoringInvoice:
                return SponsoringInvoicePdf.Render(InvoiceDocument(record, fund, sponsor, covered, pledgesOfPayments ?? []), DocumentWording.German, copy, brand);
            case ReceiptKind.CollectiveDonation:
                return DonationReceiptPdf.Render(DonationReceiptDocument.Collective(
                    record.Number, fund.Operator, donor, new DatePeriod(record.PeriodFrom!.Value, record.PeriodTo!.Value), record.Total,
                    GermanAmountInWords.For(record.Total), covered.OrderBy(p => p.ValueDate).Select(p => new DonationAnnexRow(p.ValueDate, p.Amount)),
                    issued, UseOf(fund, issued), record.Replaces), DocumentWording.German, facsimile, copy, brand);
            default:
                var donation = covered.Single();
                return DonationReceiptPdf.Render(DonationReceiptDocument.Individual(
                    record.Number, fund.Operator, donor, donation.Amount, GermanAmountInWords.For(donation.Amount), donation.ValueDate, issued,
                    UseOf(fund, issued), record.Replaces), DocumentWording.German, facsimile, copy, brand);
        }
    }

    /// <summary>The sponsoring invoice of a record: one document for the PDF and the XRechnung, so both agree to the cent.</summary>
    private static SponsoringInvoiceDocument InvoiceDocument(
        ReceiptRecord record, Fund fund, SponsorDetails sponsor, IReadOnlyList<Payment> covered, IReadOnlyList<Pledge> pledgesOfPayments)
    {
        var settings = fund.Sponsoring ?? throw new InvalidOperationException($"Fund {fund.Id} has no sponsoring settings.");
        var vat = settings.VatRatePercent is { } rate ? VatTreatment.Rate(rate) : VatTreatment.Exempt(settings.VatExemptionText!);
        var payment = covered.Single();
        var issued = DateOnly.FromDateTime(BerlinTime.ToLocal(record.IssuedAt).DateTime);
        return SponsoringInvoiceDocument.ForPaidGross(
            record.Number, fund.Operator, new Addressee(sponsor.Name, AddressLines(sponsor.Address)), settings.ServiceDescription, record.Total, vat,
            issued, payment.ValueDate, payment.Match?.RemittanceReference ?? payment.BankReference, settings.VatId, ServicePeriodOf(payment, pledgesOfPayments));
    }

    /// <summary>The e-invoice's data beyond the document: the buyer is the sponsor printed on it, BT-10 its remittance reference.</summary>
    private static XRechnungInput EInvoiceInput(Fund fund, SponsorDetails sponsor, SponsoringInvoiceDocument invoice) =>
        SponsoringEInvoice.InputFor(fund, sponsor, invoice.BankReference);

    /// <summary>
    /// Whether the fund uses the donation itself or passes it on (with the exemption in the template's words). A pass-on
    /// receipt may only be issued while the recipient's notice is recent enough (§ 63 Abs. 5 AO: 5 years, 3 for a § 60a
    /// statement); otherwise no receipt is printed and the job is refused until the office updates the settings.
    /// </summary>
    private static DonationUse UseOf(Fund fund, DateOnly issued)
    {
        if (fund.Operator.PassOn is not { } passOn)
        {
            return DonationUse.Direct;
        }

        var years = passOn.Notice == ExemptionNotice.Feststellungsbescheid60a ? 3 : 5;
        if (issued > passOn.NoticeDate.AddYears(years))
        {
            throw new InvalidOperationException(
                $"Der Bescheid von {passOn.Recipient} vom {passOn.NoticeDate:dd.MM.yyyy} ist älter als {years} Jahre (§ 63 Abs. 5 AO); bitte den aktuellen Bescheid in den Fondseinstellungen eintragen.");
        }

        var wording = DocumentWording.German.DonationReceipt;
        var notice = passOn.Notice switch
        {
            ExemptionNotice.AnlageKoerperschaftsteuerbescheid => wording.NoticeAnlageKoerperschaftsteuerbescheid,
            ExemptionNotice.Feststellungsbescheid60a => wording.NoticeFeststellungsbescheid60a,
            _ => wording.NoticeFreistellungsbescheid,
        };
        return DonationUse.PassedOnTo(passOn.Recipient, TextTemplate.Fill(
            wording.Exemption, ("taxOffice", passOn.TaxOffice), ("taxNumber", passOn.TaxNumber), ("notice", notice), ("date", DocumentWording.German.Date(passOn.NoticeDate))));
    }

    /// <summary>§ 14 Abs. 4 Nr. 6 UStG: the service period an instalment pays — a yearly instalment its pledge year, a one-off the day paid.</summary>
    private static DatePeriod? ServicePeriodOf(Payment payment, IReadOnlyList<Pledge> pledges) =>
        payment.Match is { } match && pledges.FirstOrDefault(p => p.Reference == match.PledgeReference) is { } pledge
        ? pledge.Instalments.FirstOrDefault(i => i.Number == match.Instalment) is { } instalment
            ? pledge.Schedule == PledgeSchedule.Yearly
                ? new DatePeriod(instalment.DueOn, instalment.DueOn.AddYears(1).AddDays(-1))
                : new DatePeriod(payment.ValueDate, payment.ValueDate)
            : null
        : null;

    private async Task<(Fund Fund, SponsorDetails Donor, List<Payment> Covered, byte[]? Facsimile, List<Pledge> Pledges)> LoadAsync(ReceiptRecord record, CancellationToken cancellationToken)
    {
        var fund = (await funds.GetAsync(record.FundId, cancellationToken))?.Value
            ?? throw new InvalidOperationException($"Fund {record.FundId} of receipt {record.Number} is missing.");
        var sponsor = (await sponsors.GetAsync(record.FundId, record.SponsorId, cancellationToken))?.Value
            ?? throw new InvalidOperationException($"Sponsor of receipt {record.Number} is missing.");
        var covered = new List<Payment>();
        foreach (var id in record.PaymentIds)
        {
            covered.Add((await payments.GetAsync(record.FundId, PaymentTable.RowKey(id), cancellationToken))?.Value
                ?? throw new InvalidOperationException($"Payment {id} of receipt {record.Number} is missing."));
        }

        // The donor as given with the payments' pledges, never as an anonymous form post left the sponsor row.
        // They are also the source of an invoice's service period.
        var pledgesOfPayments = new List<Pledge>();
        foreach (var reference in covered.Select(p => p.Match?.PledgeReference).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await pledges.GetPledgeAsync(record.FundId, reference, cancellationToken) is { } pledge)
            {
                pledgesOfPayments.Add(pledge);
            }
        }

        return (fund, ReceiptDonor.For(sponsor, pledgesOfPayments), covered, await FacsimileAsync(fund, cancellationToken), pledgesOfPayments);
    }

    /// <summary>The uploaded facsimile, checked against the hash the fund recorded (a replaced blob is never printed unnoticed).</summary>
    private async Task<byte[]?> FacsimileAsync(Fund fund, CancellationToken cancellationToken)
    {
        if (!fund.Operator.IssuesMachineMadeReceipts || fund.Operator.FacsimileSha256 is not { } expected)
        {
            return null;
        }

        var bytes = (await storage.Container(BlobContainerNames.Attachments).GetBlobClient(FacsimileBlob(fund.Id)).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) == expected
            ? bytes
            : throw new InvalidOperationException("Die hinterlegte Unterschrift passt nicht zur Fondseinstellung; bitte erneut hochladen.");
    }

    /// <summary>Where a fund's facsimile signature is kept.</summary>
    public static string FacsimileBlob(string fundId) => $"{fundId}/settings/receipt-signature.png";

    private static string[] AddressLines(PostalAddress address) =>
        address.Country == "DE"
            ? [address.Street, $"{address.PostalCode} {address.City}"]
            : [address.Street, $"{address.PostalCode} {address.City}", address.Country];

    private const string PdfMediaType = "application/pdf";

    private async Task WriteOnceAsync(string blobName, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Container(BlobContainerNames.Receipts).GetBlobClient(blobName).UploadAsync(
                new BinaryData(content),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Written before (this receipt was published already): the kept copy stays as it is.
        }
    }
}
