using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
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
using MintFonds.Functions.Storage;

namespace MintFonds.Functions.Receipts;

/// <summary>
/// Turns an issued receipt into its PDF (written once to receipts/{fund}/{year}/{number}.pdf: the storage call
/// itself refuses a second write) and the e-mail that carries it. Safe to repeat: the PDF is rendered from the
/// stored record, so a repeat after a crash writes the same document or finds it written; the e-mail is one per key.
/// A restricted receipt or sponsor (an erasure request met the retention duty) gets its kept copy, but no e-mail.
/// </summary>
public sealed class ReceiptPublisher(StorageAccount storage, FundTable funds, SponsorTable sponsors, PaymentTable payments, PledgeLookup pledges)
{
    public async Task PublishAsync(ReceiptRecord record, CancellationToken cancellationToken, string? emailKeySuffix = null)
    {
        var (fund, sponsor, covered) = await LoadAsync(record, cancellationToken);
        await WriteOnceAsync(record.BlobName, Render(record, fund, sponsor, covered), cancellationToken);
        if (record.Restriction is not null || (await sponsors.GetAsync(record.FundId, record.SponsorId, cancellationToken))?.Value.Restriction is not null)
        {
            return;
        }

        var first = covered.OrderBy(p => p.ValueDate).First();
        var message = new NotificationMessage
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
                    receipt = new
                    {
                        number = record.Number,
                        kind = record.Kind switch
                        {
                            ReceiptKind.CollectiveDonation => "collective",
                            ReceiptKind.SponsoringInvoice => "sponsoring",
                            _ => "donation",
                        },
                    },
                },
                MintFondsJson.Storage),
            Attachments = [new BlobAttachment(BlobContainerNames.Receipts, record.BlobName, FileName(record), "application/pdf")],
        };
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
            var (fund, sponsor, covered) = await LoadAsync(draft, cancellationToken);
            Render(draft, fund, sponsor, covered);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return ex.Message;
        }
    }

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
    public byte[] Render(ReceiptRecord record, Fund fund, SponsorDetails sponsor, IReadOnlyList<Payment> covered)
    {
        var issued = DateOnly.FromDateTime(BerlinTime.ToLocal(record.IssuedAt).DateTime);
        var donor = new Addressee(sponsor.Name, AddressLines(sponsor.Address));
        switch (record.Kind)
        {
            case ReceiptKind.SponsoringInvoice:
                var settings = fund.Sponsoring ?? throw new InvalidOperationException($"Fund {fund.Id} has no sponsoring settings.");
                var vat = settings.VatRatePercent is { } rate ? VatTreatment.Rate(rate) : VatTreatment.Exempt(settings.VatExemptionText!);
                var payment = covered.Single();
                return SponsoringInvoicePdf.Render(SponsoringInvoiceDocument.ForPaidGross(
                    record.Number, fund.Operator, donor, settings.ServiceDescription, record.Total, vat, issued, payment.ValueDate,
                    payment.Match?.RemittanceReference ?? payment.BankReference, settings.VatId));
            case ReceiptKind.CollectiveDonation:
                return DonationReceiptPdf.Render(DonationReceiptDocument.Collective(
                    record.Number, fund.Operator, donor, new DatePeriod(record.PeriodFrom!.Value, record.PeriodTo!.Value), record.Total,
                    GermanAmountInWords.For(record.Total), covered.OrderBy(p => p.ValueDate).Select(p => new DonationAnnexRow(p.ValueDate, p.Amount)),
                    issued, replaces: record.Replaces));
            default:
                var donation = covered.Single();
                return DonationReceiptPdf.Render(DonationReceiptDocument.Individual(
                    record.Number, fund.Operator, donor, donation.Amount, GermanAmountInWords.For(donation.Amount), donation.ValueDate, issued,
                    replaces: record.Replaces));
        }
    }

    private async Task<(Fund Fund, SponsorDetails Donor, List<Payment> Covered)> LoadAsync(ReceiptRecord record, CancellationToken cancellationToken)
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
        var pledgesOfPayments = new List<Pledge>();
        foreach (var reference in covered.Select(p => p.Match?.PledgeReference).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await pledges.GetPledgeAsync(record.FundId, reference, cancellationToken) is { } pledge)
            {
                pledgesOfPayments.Add(pledge);
            }
        }

        return (fund, ReceiptDonor.For(sponsor, pledgesOfPayments), covered);
    }

    private static string[] AddressLines(PostalAddress address) =>
        address.Country == "DE"
            ? [address.Street, $"{address.PostalCode} {address.City}"]
            : [address.Street, $"{address.PostalCode} {address.City}", address.Country];

    private async Task WriteOnceAsync(string blobName, byte[] pdf, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Container(BlobContainerNames.Receipts).GetBlobClient(blobName).UploadAsync(
                new BinaryData(pdf),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" },
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
