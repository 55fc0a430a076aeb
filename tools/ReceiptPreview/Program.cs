using MintFonds.Core.Funds;
using MintFonds.Core.Money;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Receipts;
using MintFonds.Tools.ReceiptPreview;

// Sample documents with realistic TH Bingen data; the figures are invented. Usage: ReceiptPreview <output folder>
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: ReceiptPreview <output folder>");
    return 2;
}

var output = Directory.CreateDirectory(args[0]).FullName;

var issuer = new FundOperator(
    "Technische Hochschule Bingen",
    new PostalAddress("Berlinstraße 109", "55411", "Bingen am Rhein", "DE"),
    "Förderung der Bildung (MINT-Bildung entlang der Bildungskette in der Region Mainz-Bingen)",
    "Bingen am Rhein",
    MachineMadeReceipts: true);
var donor = new Addressee("Rheinhessische Maschinenbau GmbH", ["Industriestraße 12", "55411 Bingen am Rhein"]);

var individual = DonationReceiptDocument.Individual(
    "2026-0001", issuer, donor, Euro.FromDecimal(1250.00m), "eintausendzweihundertfünfzig Euro",
    donationDate: new DateOnly(2026, 3, 12), issueDate: new DateOnly(2026, 3, 16));

var collective = DonationReceiptDocument.Collective(
    "2026-0002", issuer, donor, new DatePeriod(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)),
    Euro.FromDecimal(2250.00m), "zweitausendzweihundertfünfzig Euro",
    [
        new DonationAnnexRow(new DateOnly(2025, 1, 15), Euro.FromDecimal(500.00m)),
        new DonationAnnexRow(new DateOnly(2025, 4, 15), Euro.FromDecimal(500.00m)),
        new DonationAnnexRow(new DateOnly(2025, 7, 15), Euro.FromDecimal(500.00m)),
        new DonationAnnexRow(new DateOnly(2025, 9, 30), Euro.FromDecimal(250.00m)),
        new DonationAnnexRow(new DateOnly(2025, 10, 15), Euro.FromDecimal(500.00m)),
    ],
    issueDate: new DateOnly(2026, 1, 20));

var invoice = SponsoringInvoiceDocument.Create(
    "S-2026-0001", issuer, new Addressee("Binger Stadtwerke GmbH", ["Am Rhein 4", "55411 Bingen am Rhein"]),
    "Nennung als Förderer im MINT-Regionalfonds Mainz-Bingen auf der Website des Fonds und bei der Förderveranstaltung 2026 "
    + "(Logo, Name und Link gemäß Sponsoringvertrag vom 10.02.2026)",
    Euro.FromDecimal(2000.00m), VatTreatment.Rate(19m), issueDate: new DateOnly(2026, 3, 2), paymentDate: new DateOnly(2026, 2, 27),
    bankReference: "MRF-SP-2026-0003", issuerVatId: "DE000000000",
    servicePeriod: new DatePeriod(new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31)));

Write("zuwendungsbestaetigung.pdf", DonationReceiptPdf.Render(individual));
Write("sammelbestaetigung.pdf", DonationReceiptPdf.Render(collective));
Write("sponsoring-rechnung.pdf", SponsoringInvoicePdf.Render(invoice));
Write("quartalsbericht.pdf", MintFonds.Functions.Reports.SponsorReportPdf.Render(SampleReport.Build()));
return 0;

void Write(string name, byte[] pdf)
{
    var path = Path.Combine(output, name);
    File.WriteAllBytes(path, pdf);
    Console.WriteLine(path);
}
