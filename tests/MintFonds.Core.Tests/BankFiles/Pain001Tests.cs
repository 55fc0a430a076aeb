using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.XPath;
using MintFonds.Core.BankFiles;
using MintFonds.Core.Money;
using MintFonds.Core.Validation;

namespace MintFonds.Core.Tests.BankFiles;

/// <summary>pain.001.001.09 under the DK rules (Anlage 3, SCT), read back with XPath — not with the writer's code.</summary>
public sealed class Pain001Tests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);

    private static CreditTransferBatch Batch(params CreditTransfer[] transfers) =>
        new("MINTFONDS-0123456789abcdef0123", Created, "Technische Hochschule Bingen", "DE89 3704 0044 0532 0130 00", "COBADEFFXXX", new DateOnly(2026, 11, 27), transfers);

    private static CreditTransfer Transfer(string reference, long cents, string name = "Förderverein GS Am Rhein e.V.", string? bic = null) =>
        new(reference + "-A1", new Euro(cents), name, "DE02120300000000202051", bic, $"{reference} Zuschuss MINT-Regionalfonds: Forscher & Tüftler „Strom“ – Teil 1");

    private static (XDocument Document, XmlNamespaceManager Ns) Read(byte[] bytes)
    {
        var ns = new XmlNamespaceManager(new NameTable());
        ns.AddNamespace("p", Pain001.Namespace);
        return (XDocument.Parse(Encoding.UTF8.GetString(bytes)), ns);
    }

    [Fact]
    public void Group_header_and_payment_information_carry_count_and_control_sum_to_the_cent()
    {
        var bytes = Pain001.Write(Batch(Transfer("MRF-2026-0001", 30000), Transfer("MRF-2026-0002", 14999), Transfer("MRF-2026-0003", 1)));
        var (doc, ns) = Read(bytes);

        Assert.False(bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]));
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Encoding.UTF8.GetString(bytes), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("3", doc.XPathSelectElement("//p:GrpHdr/p:NbOfTxs", ns)!.Value);
        Assert.Equal("450.00", doc.XPathSelectElement("//p:GrpHdr/p:CtrlSum", ns)!.Value);
        Assert.Equal("3", doc.XPathSelectElement("//p:PmtInf/p:NbOfTxs", ns)!.Value);
        Assert.Equal("450.00", doc.XPathSelectElement("//p:PmtInf/p:CtrlSum", ns)!.Value);
        Assert.Equal("2026-11-26T09:30:00Z", doc.XPathSelectElement("//p:GrpHdr/p:CreDtTm", ns)!.Value);
        Assert.Equal(["300.00", "149.99", "0.01"], doc.XPathSelectElements("//p:CdtTrfTxInf/p:Amt/p:InstdAmt", ns).Select(e => e.Value));
        Assert.Equal("SEPA", doc.XPathSelectElement("//p:PmtTpInf/p:SvcLvl/p:Cd", ns)!.Value);
        Assert.Equal("SLEV", doc.XPathSelectElement("//p:PmtInf/p:ChrgBr", ns)!.Value);
        Assert.Equal("2026-11-27", doc.XPathSelectElement("//p:ReqdExctnDt/p:Dt", ns)!.Value);
    }

    [Fact]
    public void Texts_are_in_the_SEPA_character_set_and_within_the_DK_lengths()
    {
        var longName = "Städtische Gesamtschule „Rhein-Nahe“ – Förderverein für Naturwissenschaft, Technik & Informatik e.V.";
        var (doc, ns) = Read(Pain001.Write(Batch(Transfer("MRF-2026-0001", 30000, longName, "genodef1ing"))));

        var name = doc.XPathSelectElement("//p:Cdtr/p:Nm", ns)!.Value;
        Assert.True(name.Length <= 70);
        Assert.StartsWith("Staedtische Gesamtschule 'Rhein-Nahe' - Foerderverein", name, StringComparison.Ordinal);
        var remittance = doc.XPathSelectElement("//p:RmtInf/p:Ustrd", ns)!.Value;
        Assert.Equal("MRF-2026-0001 Zuschuss MINT-Regionalfonds: Forscher + Tueftler 'Strom' - Teil 1", remittance);
        Assert.Equal("GENODEF1ING", doc.XPathSelectElement("//p:CdtrAgt/p:FinInstnId/p:BICFI", ns)!.Value);
        Assert.True(Iban.IsValid(doc.XPathSelectElement("//p:CdtrAcct/p:Id/p:IBAN", ns)!.Value));
        Assert.Equal("DE89370400440532013000", doc.XPathSelectElement("//p:DbtrAcct/p:Id/p:IBAN", ns)!.Value);
    }

    [Fact]
    public void Without_a_creditor_BIC_the_agent_is_left_out_and_a_thousand_transfers_sum_exactly()
    {
        var transfers = Enumerable.Range(1, 1000).Select(i => Transfer($"MRF-2026-{i:D4}", 10_000 + i)).ToArray();
        var (doc, ns) = Read(Pain001.Write(Batch(transfers)));

        Assert.Empty(doc.XPathSelectElements("//p:CdtrAgt", ns));
        Assert.Equal("1000", doc.XPathSelectElement("//p:GrpHdr/p:NbOfTxs", ns)!.Value);
        var expected = Enumerable.Range(1, 1000).Sum(i => (10_000 + i) / 100m);
        Assert.Equal(expected.ToString("0.00", CultureInfo.InvariantCulture), doc.XPathSelectElement("//p:GrpHdr/p:CtrlSum", ns)!.Value);
        Assert.Equal(1000, doc.XPathSelectElements("//p:EndToEndId", ns).Select(e => e.Value).Distinct().Count());
    }

    [Fact]
    public void Data_the_bank_would_refuse_is_never_written()
    {
        Assert.Throws<ArgumentException>(() => Pain001.Write(Batch()));
        Assert.Throws<ArgumentException>(() => Pain001.Write(Batch(Transfer("MRF-2026-0001", 100), Transfer("MRF-2026-0001", 200))));
        Assert.Throws<ArgumentException>(() => Pain001.Write(Batch(Transfer("MRF-2026-0001", 0))));
        Assert.Throws<ArgumentException>(() => Pain001.Write(Batch(Transfer("MRF-2026-0001", 100) with { CreditorIban = "DE02120300000000202052" })));
        Assert.Throws<ArgumentException>(() => Pain001.Write(Batch(Transfer("MRF-2026-0001", 100) with { EndToEndId = new string('A', 36) })));
        Assert.False(Pain001.IsValidEndToEndId("MRF 2026"));
        Assert.True(Pain001.IsValidEndToEndId("MRF-2026-0001-A1"));
    }
}
