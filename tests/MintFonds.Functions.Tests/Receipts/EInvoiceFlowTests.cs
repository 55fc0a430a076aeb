using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.XPath;
using Azure.Storage.Queues;
using MintFonds.Core.EInvoices;
using MintFonds.Core.Json;
using MintFonds.Core.Notifications;
using MintFonds.Core.Receipts;
using MintFonds.Functions.Funds;
using MintFonds.Functions.Notifications;
using MintFonds.Functions.Receipts;
using MintFonds.Functions.Storage;
using MintFonds.Functions.Tests.Funds;
using MintFonds.Functions.Tests.Infrastructure;
using static MintFonds.Functions.Tests.Pledges.PledgeTestKit;

namespace MintFonds.Functions.Tests.Receipts;

/// <summary>
/// The live path of the e-invoice: a fund set to <c>pdfAndXRechnung</c> issues each sponsoring invoice as PDF and as
/// XRechnung 3.0 (CII) beside it, both in the sponsor's e-mail, read back here by XPath the way a receiver would.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class EInvoiceFlowTests(SharedFixture shared)
{
    private const string Remittance = "MRF-P-2026-0001-1";

    [Fact]
    public async Task A_taxed_sponsoring_payment_gets_an_XRechnung_beside_its_PDF_with_the_same_totals_and_both_are_mailed()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fund = TestData.Fund(TestData.NewFundId());
        var sponsoring = (Dictionary<string, object?>)fund["sponsoring"]!;
        sponsoring["eInvoice"] = "pdfAndXRechnung";
        sponsoring["invoiceContactName"] = "MINT-Fondsbüro";
        var fundId = await CallTests.NewFund(app, fund);

        var invoice = await SponsorAndIssueAsync(app, fundId, 1234.56m);

        // Stored write-once beside the PDF, under the same name.
        var xmlBlob = app.Storage.Container(BlobContainerNames.Receipts).GetBlobClient(Path.ChangeExtension(invoice.BlobName, ".xml"));
        Assert.Equal("application/xml", (await xmlBlob.GetPropertiesAsync()).Value.ContentType);
        var xml = new Cii((await xmlBlob.DownloadContentAsync()).Value.Content.ToArray());

        Assert.Equal(invoice.Number, xml.Value("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID")); // BT-1
        Assert.Equal(XRechnungCii.SpecificationId, xml.Value("//rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"));
        var gross = xml.Amount(Cii.Totals + "/ram:GrandTotalAmount"); // BT-112
        var net = xml.Amount(Cii.Totals + "/ram:TaxBasisTotalAmount"); // BT-109
        var vat = xml.Amount(Cii.Totals + "/ram:TaxTotalAmount"); // BT-110
        Assert.Equal(1234.56m, gross);
        Assert.Equal(gross, net + vat);
        Assert.Equal(gross, xml.Amount(Cii.Totals + "/ram:TotalPrepaidAmount"));
        Assert.Equal(0m, xml.Amount(Cii.Totals + "/ram:DuePayableAmount"));
        Assert.Equal("S", xml.Value(Cii.Settlement + "/ram:ApplicableTradeTax/ram:CategoryCode"));
        Assert.Equal("19", xml.Value(Cii.Settlement + "/ram:ApplicableTradeTax/ram:RateApplicablePercent"));
        Assert.Equal("DE000000000", xml.Value(Cii.Seller + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"));

        // The seller's contact and account from the fund, the buyer as printed on the invoice.
        Assert.Equal("MINT-Fondsbüro", xml.Value(Cii.Seller + "/ram:DefinedTradeContact/ram:PersonName"));
        Assert.Equal("+49 6721 409-0", xml.Value(Cii.Seller + "/ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber"));
        Assert.Equal("fonds@th-bingen.example", xml.Value(Cii.Seller + "/ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID"));
        Assert.Equal("DE89370400440532013000", xml.Value(Cii.Settlement + "/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID"));
        Assert.Equal("Rheinhessische Maschinenbau GmbH", xml.Value(Cii.Buyer + "/ram:Name"));
        Assert.Equal("Am Hafen 7", xml.Value(Cii.Buyer + "/ram:PostalTradeAddress/ram:LineOne"));
        Assert.Equal("foerderung@rhm-maschinenbau.example", xml.Value(Cii.Buyer + "/ram:URIUniversalCommunication/ram:URIID"));
        Assert.Equal(Remittance, xml.Value(Cii.Agreement + "/ram:BuyerReference")); // BT-10

        // The PDF shows the same net, VAT and gross to the cent.
        var pdfText = PdfReadBack.Of(await DownloadAsync(app, invoice.BlobName)).Text;
        Assert.Contains($"Rechnungsnummer: {invoice.Number}", pdfText, StringComparison.Ordinal);
        Assert.Equal([net, vat, gross], PdfReadBack.Amounts(pdfText).Take(3));

        // The sponsor's e-mail carries the write-protected PDF and the XML.
        var mail = Assert.Single(await TakeMailsAsync(fundId), m => m.Template == NotificationTemplates.PaymentReceived);
        Assert.Collection(
            mail.Attachments,
            pdf =>
            {
                Assert.Equal(invoice.SentBlobName, pdf.BlobName);
                Assert.Equal("application/pdf", pdf.ContentType);
            },
            attached =>
            {
                Assert.Equal(xmlBlob.Name, attached.BlobName);
                Assert.Equal($"Rechnung Sponsoring {invoice.Number}.xml", attached.FileName);
                Assert.Equal("application/xml", attached.ContentType);
            });
    }

    [Fact]
    public async Task A_fund_not_subject_to_VAT_issues_category_O_with_its_tax_number_and_identifier()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fund = TestData.Fund(TestData.NewFundId());
        fund["sponsoring"] = NotSubjectToVat();
        var fundId = await CallTests.NewFund(app, fund);

        var invoice = await SponsorAndIssueAsync(app, fundId, 500m);
        await TakeMailsAsync(fundId);

        var xml = new Cii(await DownloadAsync(app, Path.ChangeExtension(invoice.BlobName, ".xml")));
        Assert.Equal("O", xml.Value(Cii.Settlement + "/ram:ApplicableTradeTax/ram:CategoryCode"));
        Assert.Equal("O", xml.Value(Cii.Line + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode"));
        Assert.Equal("VATEX-EU-O", xml.Value(Cii.Settlement + "/ram:ApplicableTradeTax/ram:ExemptionReasonCode"));
        Assert.Equal("Nicht steuerbar nach § 2b UStG", xml.Value(Cii.Settlement + "/ram:ApplicableTradeTax/ram:ExemptionReason"));
        Assert.Equal(500m, xml.Amount(Cii.Totals + "/ram:GrandTotalAmount"));
        Assert.Equal(0m, xml.Amount(Cii.Totals + "/ram:TaxTotalAmount"));
        Assert.Equal("08/650/12345", xml.Value(Cii.Seller + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']"));
        Assert.Equal(0, xml.Count(Cii.Seller + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"));
        Assert.Equal("TH-BINGEN-MINT", xml.Value(Cii.Seller + "/ram:ID"));
    }

    [Fact]
    public async Task A_fund_set_to_XRechnung_is_refused_until_it_has_what_the_e_invoice_needs()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);

        var withoutPhone = TestData.Fund(TestData.NewFundId());
        ((Dictionary<string, object?>)withoutPhone["contact"]!).Remove("phone");
        withoutPhone["sponsoring"] = NotSubjectToVat();
        var refused = await FundAdminTests.CreateFund(app, withoutPhone);
        Assert.Equal(422, refused.Status);
        Assert.Contains("contact.phone", refused.Body, StringComparison.Ordinal);

        var incomplete = TestData.Fund(TestData.NewFundId());
        var sponsoring = NotSubjectToVat();
        sponsoring.Remove("noVatCategory");
        sponsoring.Remove("sellerIdentifier");
        sponsoring.Remove("invoiceContactName");
        incomplete["sponsoring"] = sponsoring;
        refused = await FundAdminTests.CreateFund(app, incomplete);
        Assert.Equal(422, refused.Status);
        Assert.Contains("sponsoring.noVatCategory", refused.Body, StringComparison.Ordinal);
        Assert.Contains("sponsoring.invoiceContactName", refused.Body, StringComparison.Ordinal);
        Assert.Contains("sponsoring.sellerIdentifier", refused.Body, StringComparison.Ordinal);

        // The same settings with pdfOnly (the default) stay valid, as every fund saved before e-invoices.
        sponsoring.Remove("eInvoice");
        Assert.Equal(201, (await FundAdminTests.CreateFund(app, incomplete)).Status);
    }

    [Fact]
    public async Task A_pdf_only_fund_writes_no_XML_and_mails_the_PDF_alone()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fundId = await CallTests.NewFund(app);

        var invoice = await SponsorAndIssueAsync(app, fundId, 300m);

        Assert.True(await app.Storage.Container(BlobContainerNames.Receipts).GetBlobClient(invoice.BlobName).ExistsAsync());
        Assert.False(await app.Storage.Container(BlobContainerNames.Receipts).GetBlobClient(Path.ChangeExtension(invoice.BlobName, ".xml")).ExistsAsync());
        var mail = Assert.Single(await TakeMailsAsync(fundId), m => m.Template == NotificationTemplates.PaymentReceived);
        Assert.Equal("application/pdf", Assert.Single(mail.Attachments).ContentType);
    }

    [Fact]
    public async Task No_invoice_number_is_taken_when_the_XML_would_be_refused()
    {
        await using var app = await TestApp.StartAsync(shared, now: Now);
        var fund = TestData.Fund(TestData.NewFundId());
        var sponsoring = (Dictionary<string, object?>)fund["sponsoring"]!;
        sponsoring["eInvoice"] = "pdfAndXRechnung";
        sponsoring["invoiceContactName"] = "MINT-Fondsbüro";
        var fundId = await CallTests.NewFund(app, fund);

        // A stored fund that lost its phone (e.g. written before the rule existed): the PDF could be made, the XML not.
        var table = app.Get<FundTable>();
        var stored = (await table.GetAsync(fundId, CancellationToken.None))!.Value;
        await table.UpsertAsync(FundTable.Partition, fundId, stored with { Contact = stored.Contact with { Phone = null } }, CancellationToken.None);

        Assert.Equal(201, (await SubmitAsync(app, fundId, Pledge(kind: "sponsoring", schedule: "oneOff", years: null, amount: 200m))).Status);
        await TakeMailsAsync(fundId);
        Assert.Equal(201, (await RecordPaymentAsync(app, fundId, 200m, "BANK-" + Guid.NewGuid(), Remittance)).Status);
        var jobs = await RunReceiptJobsAsync(app, fundId);

        Assert.Empty(await app.Get<ReceiptService>().ListAsync(fundId, 2026, CancellationToken.None));
        var deadLetter = await app.Get<DeadLetterTable>().GetAsync(fundId, DeadLetterTable.IdFor(QueueNames.Receipts, Assert.Single(jobs)), CancellationToken.None);
        Assert.NotNull(deadLetter);
        Assert.Equal(DeadLetterKind.Refused, deadLetter!.Value.Kind);
        Assert.Contains("Phone", deadLetter.Value.Reason, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> NotSubjectToVat() => new()
    {
        ["vatExemptionText"] = "Nicht steuerbar nach § 2b UStG",
        ["serviceDescription"] = "Nennung als Förderer",
        ["eInvoice"] = "pdfAndXRechnung",
        ["noVatCategory"] = "notSubjectToVat",
        ["exemptionReasonCode"] = "VATEX-EU-O",
        ["invoiceContactName"] = "MINT-Fondsbüro",
        ["sellerIdentifier"] = "TH-BINGEN-MINT",
    };

    private async Task<ReceiptRecord> SponsorAndIssueAsync(TestApp app, string fundId, decimal amount)
    {
        Assert.Equal(201, (await SubmitAsync(app, fundId, Pledge(kind: "sponsoring", schedule: "oneOff", years: null, amount: amount))).Status);
        await TakeMailsAsync(fundId);
        Assert.Equal(201, (await RecordPaymentAsync(app, fundId, amount, "BANK-" + Guid.NewGuid(), Remittance)).Status);
        await RunReceiptJobsAsync(app, fundId);
        var invoice = Assert.Single(await app.Get<ReceiptService>().ListAsync(fundId, 2026, CancellationToken.None));
        Assert.Equal(ReceiptKind.SponsoringInvoice, invoice.Kind);
        return invoice;
    }

    private async Task<List<string>> RunReceiptJobsAsync(TestApp app, string fundId)
    {
        var run = new List<string>();
        var queue = new QueueClient(shared.Azurite.ConnectionString, QueueNames.Receipts);
        foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(5))).Value)
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
            if (JsonSerializer.Deserialize<ReceiptJob>(text, MintFondsJson.Storage)?.FundId == fundId)
            {
                await app.Get<ReceiptFunctions>().IssueReceipt(text, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                run.Add(text);
            }
        }

        return run;
    }

    private Task<List<NotificationMessage>> TakeMailsAsync(string fundId) =>
        QueueProbe.TakeNotificationsAsync(shared.Azurite.ConnectionString, QueueNames.Notifications, fundId);

    private static async Task<byte[]> DownloadAsync(TestApp app, string blobName) =>
        (await app.Storage.Container(BlobContainerNames.Receipts).GetBlobClient(blobName).DownloadContentAsync()).Value.Content.ToArray();

    /// <summary>An XRechnung read back strictly (UTF-8, no DTD) and queried by XPath with the CII namespaces.</summary>
    private sealed class Cii
    {
        public const string Transaction = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction";
        public const string Agreement = Transaction + "/ram:ApplicableHeaderTradeAgreement";
        public const string Seller = Agreement + "/ram:SellerTradeParty";
        public const string Buyer = Agreement + "/ram:BuyerTradeParty";
        public const string Settlement = Transaction + "/ram:ApplicableHeaderTradeSettlement";
        public const string Totals = Settlement + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation";
        public const string Line = Transaction + "/ram:IncludedSupplyChainTradeLineItem";

        private readonly XDocument document;
        private readonly XmlNamespaceManager namespaces = new(new NameTable());

        public Cii(byte[] bytes)
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            using var stream = new MemoryStream(bytes);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            document = XDocument.Load(reader);
            namespaces.AddNamespace("rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100");
            namespaces.AddNamespace("ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100");
        }

        public string Value(string xpath)
        {
            var nodes = Nodes(xpath);
            Assert.True(nodes.Count == 1, $"{xpath} selects {nodes.Count} nodes, expected exactly one.");
            return nodes[0].Value;
        }

        public decimal Amount(string xpath) => decimal.Parse(Value(xpath), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

        public int Count(string xpath) => Nodes(xpath).Count;

        private List<XElement> Nodes(string xpath) => document.XPathSelectElements(xpath, namespaces).ToList();
    }
}
