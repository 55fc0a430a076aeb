using System.Globalization;
using System.Text;
using System.Xml;
using MintFonds.Core.Money;
using MintFonds.Core.Payments;
using MintFonds.Core.Validation;

namespace MintFonds.Core.BankFiles;

/// <summary>
/// Writes a SEPA credit-transfer initiation, ISO 20022 <c>pain.001.001.09</c>, as German banks accept it under the
/// DK rules (Deutsche Kreditwirtschaft, "Spezifikation der Datenformate", Anlage 3, SCT): UTF-8 without BOM; only the
/// SEPA character set in text fields (<see cref="SepaText"/>); group header with <c>MsgId</c>, <c>CreDtTm</c>,
/// <c>NbOfTxs</c>, <c>CtrlSum</c> and the initiating party; one <c>PmtInf</c> with <c>PmtMtd TRF</c>,
/// <c>NbOfTxs</c>/<c>CtrlSum</c> again, <c>SvcLvl/Cd SEPA</c>, the requested execution date, the fund's account as
/// debtor, <c>ChrgBr SLEV</c>; per transfer a unique <c>EndToEndId</c> (≤ 35), the amount in EUR with two decimals,
/// the creditor's name (≤ 70), IBAN, BIC when known (optional inside the EEA; <c>BICFI</c> in version .09) and the
/// unstructured remittance (<c>Ustrd</c>, ≤ 140). Built with <see cref="XmlWriter"/>, never by string concatenation,
/// so every value is escaped.
/// </summary>
public static class Pain001
{
    public const string Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

    public const int MaxEndToEndId = 35;

    public const int MaxName = 70;

    public const int MaxRemittance = 140;

    /// <summary>The file's bytes (UTF-8, no BOM). Throws <see cref="ArgumentException"/> for data that breaks the rules.</summary>
    public static byte[] Write(CreditTransferBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Check(batch);
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, OmitXmlDeclaration = false };
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("Document", Namespace);
            xml.WriteStartElement("CstmrCdtTrfInitn");

            xml.WriteStartElement("GrpHdr");
            xml.WriteElementString("MsgId", batch.MessageId);
            xml.WriteElementString("CreDtTm", batch.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            xml.WriteElementString("NbOfTxs", batch.Transfers.Count.ToString(CultureInfo.InvariantCulture));
            xml.WriteElementString("CtrlSum", Amount(batch.ControlSum));
            xml.WriteStartElement("InitgPty");
            xml.WriteElementString("Nm", Name(batch.DebtorName));
            xml.WriteEndElement();
            xml.WriteEndElement(); // GrpHdr

            xml.WriteStartElement("PmtInf");
            xml.WriteElementString("PmtInfId", batch.MessageId);
            xml.WriteElementString("PmtMtd", "TRF");
            xml.WriteElementString("BtchBookg", "true");
            xml.WriteElementString("NbOfTxs", batch.Transfers.Count.ToString(CultureInfo.InvariantCulture));
            xml.WriteElementString("CtrlSum", Amount(batch.ControlSum));
            xml.WriteStartElement("PmtTpInf");
            xml.WriteStartElement("SvcLvl");
            xml.WriteElementString("Cd", "SEPA");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteStartElement("ReqdExctnDt");
            xml.WriteElementString("Dt", batch.ExecutionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            xml.WriteEndElement();
            xml.WriteStartElement("Dbtr");
            xml.WriteElementString("Nm", Name(batch.DebtorName));
            xml.WriteEndElement();
            WriteAccount(xml, "DbtrAcct", batch.DebtorIban);
            WriteAgent(xml, "DbtrAgt", batch.DebtorBic, required: true);
            xml.WriteElementString("ChrgBr", "SLEV");

            foreach (var transfer in batch.Transfers)
            {
                xml.WriteStartElement("CdtTrfTxInf");
                xml.WriteStartElement("PmtId");
                xml.WriteElementString("EndToEndId", transfer.EndToEndId);
                xml.WriteEndElement();
                xml.WriteStartElement("Amt");
                xml.WriteStartElement("InstdAmt");
                xml.WriteAttributeString("Ccy", "EUR");
                xml.WriteString(Amount(transfer.Amount));
                xml.WriteEndElement();
                xml.WriteEndElement();
                WriteAgent(xml, "CdtrAgt", transfer.CreditorBic, required: false);
                xml.WriteStartElement("Cdtr");
                xml.WriteElementString("Nm", Name(transfer.CreditorName));
                xml.WriteEndElement();
                WriteAccount(xml, "CdtrAcct", transfer.CreditorIban);
                xml.WriteStartElement("RmtInf");
                xml.WriteElementString("Ustrd", Remittance(transfer.RemittanceText));
                xml.WriteEndElement();
                xml.WriteEndElement(); // CdtTrfTxInf
            }

            xml.WriteEndElement(); // PmtInf
            xml.WriteEndElement(); // CstmrCdtTrfInitn
            xml.WriteEndElement(); // Document
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    /// <summary>Text in the SEPA character set, cut to the DK maximum of a name (70).</summary>
    public static string Name(string text) => Cut(SepaText.Transliterate(text), MaxName);

    /// <summary>Remittance text in the SEPA character set, cut to 140.</summary>
    public static string Remittance(string text) => Cut(SepaText.Transliterate(text), MaxRemittance);

    /// <summary>Two decimals, a point, no grouping: "1234.50".</summary>
    public static string Amount(Euro amount) => amount.ToDecimal().ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>An end-to-end id is 1–35 characters of the SEPA set without spaces (DK: no leading '/', no '//').</summary>
    public static bool IsValidEndToEndId(string? id) =>
        id is { Length: > 0 and <= MaxEndToEndId } && id.All(c => c != ' ' && SepaText.IsSepaCharacter(c))
        && !id.StartsWith('/') && !id.Contains("//", StringComparison.Ordinal);

    private static void Check(CreditTransferBatch batch)
    {
        if (batch.Transfers.Count == 0)
        {
            throw new ArgumentException("A payout file needs at least one transfer.", nameof(batch));
        }

        if (!IsValidEndToEndId(batch.MessageId))
        {
            throw new ArgumentException("MsgId must be 1–35 SEPA characters.", nameof(batch));
        }

        if (!Iban.IsValid(batch.DebtorIban))
        {
            throw new ArgumentException("The fund's IBAN is not valid.", nameof(batch));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var transfer in batch.Transfers)
        {
            if (!IsValidEndToEndId(transfer.EndToEndId) || !seen.Add(transfer.EndToEndId))
            {
                throw new ArgumentException($"End-to-end id '{transfer.EndToEndId}' is not valid or not unique.", nameof(batch));
            }

            if (transfer.Amount < new Euro(1) || transfer.Amount > Euro.Max)
            {
                throw new ArgumentException($"Transfer {transfer.EndToEndId}: the amount must be 0.01 to 999,999,999.99 EUR.", nameof(batch));
            }

            if (!Iban.IsValid(transfer.CreditorIban))
            {
                throw new ArgumentException($"Transfer {transfer.EndToEndId}: the IBAN is not valid.", nameof(batch));
            }

            if (Name(transfer.CreditorName).Length == 0)
            {
                throw new ArgumentException($"Transfer {transfer.EndToEndId}: the creditor's name is empty.", nameof(batch));
            }
        }
    }

    private static void WriteAccount(XmlWriter xml, string element, string iban)
    {
        xml.WriteStartElement(element);
        xml.WriteStartElement("Id");
        xml.WriteElementString("IBAN", Iban.Canonical(iban));
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteAgent(XmlWriter xml, string element, string? bic, bool required)
    {
        if (string.IsNullOrWhiteSpace(bic))
        {
            if (!required)
            {
                return; // inside the EEA the creditor's BIC may be left out (IBAN-only)
            }

            // The debtor agent is mandatory in pain.001; without a BIC the DK rules ask for "NOTPROVIDED".
            xml.WriteStartElement(element);
            xml.WriteStartElement("FinInstnId");
            xml.WriteStartElement("Othr");
            xml.WriteElementString("Id", "NOTPROVIDED");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            return;
        }

        xml.WriteStartElement(element);
        xml.WriteStartElement("FinInstnId");
        xml.WriteElementString("BICFI", bic.Trim().ToUpperInvariant());
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length].TrimEnd();
}
