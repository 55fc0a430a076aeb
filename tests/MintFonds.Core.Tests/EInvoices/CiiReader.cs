using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.XPath;

namespace MintFonds.Core.Tests.EInvoices;

/// <summary>Reads an XRechnung (CII) back the way a receiver would: strict UTF-8, a real XML parser, XPath.</summary>
internal sealed class CiiReader
{
    private readonly XmlNamespaceManager namespaces;

    public CiiReader(byte[] bytes)
    {
        Bytes = bytes;
        // Strict decoding: invalid UTF-8 throws instead of turning into replacement characters.
        Text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        using var stream = new MemoryStream(bytes);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        Document = XDocument.Load(reader);
        namespaces = new XmlNamespaceManager(new NameTable());
        namespaces.AddNamespace("rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100");
        namespaces.AddNamespace("ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100");
        namespaces.AddNamespace("udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100");
        namespaces.AddNamespace("qdt", "urn:un:unece:uncefact:data:standard:QualifiedDataType:100");
    }

    public const string Transaction = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction";
    public const string Agreement = Transaction + "/ram:ApplicableHeaderTradeAgreement";
    public const string Seller = Agreement + "/ram:SellerTradeParty";
    public const string Buyer = Agreement + "/ram:BuyerTradeParty";
    public const string Settlement = Transaction + "/ram:ApplicableHeaderTradeSettlement";
    public const string Totals = Settlement + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation";
    public const string VatBreakdown = Settlement + "/ram:ApplicableTradeTax";
    public const string Line = Transaction + "/ram:IncludedSupplyChainTradeLineItem";

    public byte[] Bytes { get; }

    public string Text { get; }

    public XDocument Document { get; }

    /// <summary>The text of the single node the path selects; fails when it selects none or several.</summary>
    public string Value(string xpath)
    {
        var nodes = Nodes(xpath);
        Assert.True(nodes.Count == 1, $"{xpath} selects {nodes.Count} nodes, expected exactly one.");
        return nodes[0] switch
        {
            XElement element => element.Value,
            XAttribute attribute => attribute.Value,
            var other => throw new InvalidOperationException($"{xpath} selects a {other.GetType().Name}."),
        };
    }

    public decimal Amount(string xpath) => decimal.Parse(Value(xpath), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    public int Count(string xpath) => Nodes(xpath).Count;

    public IReadOnlyList<string> ChildNames(string xpath) =>
        Document.XPathSelectElements(xpath, namespaces).Single().Elements().Select(e => e.Name.LocalName).ToList();

    private List<XObject> Nodes(string xpath) =>
        ((IEnumerable<object>)Document.XPathEvaluate(xpath, namespaces)).Cast<XObject>().ToList();
}
