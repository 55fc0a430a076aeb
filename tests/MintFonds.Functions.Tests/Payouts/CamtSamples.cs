using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace MintFonds.Functions.Tests.Payouts;

/// <summary>One transaction (<c>TxDtls</c>) of a sample statement entry.</summary>
public sealed record CamtTx(string? EndToEndId, decimal Amount, string[] Ustrd, string? Name = "Rheinhessische Maschinenbau GmbH", string? ReturnReason = null);

/// <summary>One booking (<c>Ntry</c>); several transactions make a batch booking.</summary>
public sealed record CamtEntry(string? AcctSvcrRef, string Side, decimal Amount, DateOnly ValueDate, CamtTx[] Txs, string Currency = "EUR", string Status = "BOOK");

/// <summary>
/// camt.053 statements as German banks write them, in both versions the import accepts: .001.02 (status as text,
/// parties by name, amounts per transaction in AmtDtls) and .001.08 (status code, parties under Pty, Amt per
/// transaction). Written here with XDocument, independent of the importer.
/// </summary>
public static class CamtSamples
{
    public const string V02 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";

    public const string V08 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";

    public const string FundIban = "DE89370400440532013000";

    public static byte[] Statement(string version, string iban, params CamtEntry[] entries)
    {
        XNamespace x = version;
        var v08 = version == V08;
        var statement = new XElement(
            x + "Stmt",
            new XElement(x + "Id", "STMT-" + Guid.NewGuid().ToString("N")[..10]),
            new XElement(x + "ElctrncSeqNb", "1"),
            new XElement(x + "CreDtTm", "2026-11-26T06:00:00"),
            new XElement(x + "Acct", new XElement(x + "Id", new XElement(x + "IBAN", iban)), new XElement(x + "Ccy", "EUR")),
            entries.Select(e => Entry(x, v08, e)));
        var document = new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(
                x + "Document",
                new XElement(
                    x + "BkToCstmrStmt",
                    new XElement(x + "GrpHdr", new XElement(x + "MsgId", "MSG-" + Guid.NewGuid().ToString("N")[..8]), new XElement(x + "CreDtTm", "2026-11-26T06:00:00")),
                    statement)));
        using var stream = new MemoryStream();
        using (var writer = System.Xml.XmlWriter.Create(stream, new System.Xml.XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }

    private static XElement Entry(XNamespace x, bool v08, CamtEntry e)
    {
        var batch = e.Txs.Length > 1;
        return new XElement(
            x + "Ntry",
            e.AcctSvcrRef is null ? null : new XElement(x + "NtryRef", e.AcctSvcrRef),
            Amount(x, "Amt", e.Amount, e.Currency),
            new XElement(x + "CdtDbtInd", e.Side),
            new XElement(x + "Sts", v08 ? new XElement(x + "Cd", e.Status) : e.Status),
            new XElement(x + "BookgDt", new XElement(x + "Dt", Day(e.ValueDate))),
            new XElement(x + "ValDt", new XElement(x + "Dt", Day(e.ValueDate))),
            e.AcctSvcrRef is null ? null : new XElement(x + "AcctSvcrRef", e.AcctSvcrRef),
            new XElement(x + "BkTxCd", new XElement(x + "Prtry", new XElement(x + "Cd", e.Side == "CRDT" ? "NTRF+166" : "NTRF+116"), new XElement(x + "Issr", "DK"))),
            new XElement(
                x + "NtryDtls",
                batch ? new XElement(x + "Btch", new XElement(x + "NbOfTxs", e.Txs.Length)) : null,
                e.Txs.Select(t => Tx(x, v08, e, t, batch))));
    }

    private static XElement Tx(XNamespace x, bool v08, CamtEntry e, CamtTx t, bool batch)
    {
        var partyTag = e.Side == "CRDT" ? "Dbtr" : "Cdtr";
        XElement? party = t.Name is null ? null : new XElement(x + partyTag, v08 ? new XElement(x + "Pty", new XElement(x + "Nm", t.Name)) : new XElement(x + "Nm", t.Name));
        return new XElement(
            x + "TxDtls",
            new XElement(x + "Refs", new XElement(x + "EndToEndId", t.EndToEndId ?? "NOTPROVIDED")),
            !batch ? null : v08 ? Amount(x, "Amt", t.Amount, e.Currency) : new XElement(x + "AmtDtls", new XElement(x + "TxAmt", Amount(x, "Amt", t.Amount, e.Currency))),
            new XElement(x + "RltdPties", party, new XElement(x + partyTag + "Acct", new XElement(x + "Id", new XElement(x + "IBAN", "DE02120300000000202051")))),
            t.Ustrd.Length == 0 ? null : new XElement(x + "RmtInf", t.Ustrd.Select(u => new XElement(x + "Ustrd", u))),
            t.ReturnReason is null ? null : new XElement(x + "RtrInf", new XElement(x + "Rsn", new XElement(x + "Cd", t.ReturnReason))));
    }

    private static XElement Amount(XNamespace x, string name, decimal amount, string currency) =>
        new(x + name, new XAttribute("Ccy", currency), amount.ToString("0.00", CultureInfo.InvariantCulture));

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
