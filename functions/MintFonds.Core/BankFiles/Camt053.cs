using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using MintFonds.Core.Validation;

namespace MintFonds.Core.BankFiles;

/// <summary>
/// Reads a bank-to-customer statement, ISO 20022 <c>camt.053.001.02</c> (still the most common in Germany) or
/// <c>.001.08</c>. Security: the reader prohibits DTDs (so no entity can be declared: no XXE, no billion laughs), has
/// no resolver (nothing external is ever fetched), and caps the characters of the document; anything else than a
/// <c>Document</c> in one of the two namespaces is refused. Every failure is a <see cref="BankFileException"/> whose
/// message the office can read.
/// </summary>
public static class Camt053
{
    public const string NamespaceV02 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";

    public const string NamespaceV08 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";

    /// <summary>20 million characters: far above a year of a fund's bookings, far below what would strain memory.</summary>
    public const long MaxCharacters = 20_000_000;

    public static XmlReaderSettings SecureSettings(long maxCharacters = MaxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    public static BankStatement Read(byte[] bytes, string? fileName = null, long maxCharacters = MaxCharacters)
    {
        XDocument document;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var reader = XmlReader.Create(stream, SecureSettings(maxCharacters));
            document = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new BankFileException("Die Datei enthält eine DTD oder Entitäten; aus Sicherheitsgründen werden nur Kontoauszüge ohne DTD angenommen.", fileName);
        }
        catch (XmlException ex) when (ex.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("MaxCharacters", StringComparison.Ordinal))
        {
            throw new BankFileException("Die Datei ist zu groß für einen Kontoauszug.", fileName);
        }
        catch (XmlException ex)
        {
            throw new BankFileException($"Die Datei ist kein lesbares XML (Zeile {ex.LineNumber}, Spalte {ex.LinePosition}).", fileName);
        }

        var root = document.Root!;
        var ns = root.Name.NamespaceName;
        var version = ns switch
        {
            NamespaceV02 => "camt.053.001.02",
            NamespaceV08 => "camt.053.001.08",
            _ => throw new BankFileException(
                $"Die Datei ist kein Kontoauszug im camt.053-Format (Version 001.02 oder 001.08); gefunden: '{(ns.Length == 0 ? root.Name.LocalName : ns)}'.", fileName),
        };
        XNamespace x = ns;
        if (root.Name != x + "Document" || root.Element(x + "BkToCstmrStmt") is not { } message)
        {
            throw new BankFileException("Die Datei ist kein Kontoauszug im camt.053-Format (BkToCstmrStmt fehlt).", fileName);
        }

        var ids = new List<string>();
        var ibans = new List<string>();
        var entries = new List<StatementEntry>();
        foreach (var statement in message.Elements(x + "Stmt"))
        {
            ids.Add(Text(statement.Element(x + "Id")) ?? string.Empty);
            var iban = Text(statement.Element(x + "Acct")?.Element(x + "Id")?.Element(x + "IBAN"));
            if (iban is null || !Iban.IsValid(iban))
            {
                throw new BankFileException("Der Kontoauszug nennt keine gültige IBAN des Kontos.", fileName);
            }

            ibans.Add(Iban.Canonical(iban));
            foreach (var entry in statement.Elements(x + "Ntry"))
            {
                entries.Add(ReadEntry(x, entry, Iban.Canonical(iban), fileName));
            }
        }

        if (ids.Count == 0)
        {
            throw new BankFileException("Die Datei enthält keinen Kontoauszug (Stmt).", fileName);
        }

        return new BankStatement(version, ids, ibans, entries);
    }

    private static StatementEntry ReadEntry(XNamespace x, XElement entry, string iban, string? fileName)
    {
        var (amount, currency) = Amount(x, entry.Element(x + "Amt"), fileName);
        var side = Text(entry.Element(x + "CdtDbtInd")) switch
        {
            "CRDT" => BookingSide.Credit,
            "DBIT" => BookingSide.Debit,
            _ => throw new BankFileException("Eine Buchung hat kein gültiges Soll/Haben-Kennzeichen (CdtDbtInd).", fileName),
        };
        var status = entry.Element(x + "Sts") is { } sts ? (Text(sts.Element(x + "Cd")) ?? Text(sts) ?? string.Empty) : string.Empty;
        var bankReference = Text(entry.Element(x + "AcctSvcrRef"));
        var key = bankReference ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entry.ToString(SaveOptions.DisableFormatting))));
        var details = entry.Elements(x + "NtryDtls").SelectMany(d => d.Elements(x + "TxDtls")).ToList();
        var transactions = new List<StatementTransaction>();
        for (var i = 0; i < details.Count; i++)
        {
            var tx = details[i];
            var txAmount = tx.Element(x + "Amt") ?? tx.Element(x + "AmtDtls")?.Element(x + "TxAmt")?.Element(x + "Amt");
            long cents;
            string txCurrency;
            if (txAmount is not null)
            {
                (cents, txCurrency) = Amount(x, txAmount, fileName);
            }
            else if (details.Count == 1)
            {
                (cents, txCurrency) = (amount, currency);
            }
            else
            {
                throw new BankFileException("Eine Sammelbuchung nennt die Beträge ihrer Einzelposten nicht.", fileName);
            }

            var endToEnd = Text(tx.Element(x + "Refs")?.Element(x + "EndToEndId"));
            var remittance = tx.Element(x + "RmtInf");
            var lines = new List<string>();
            if (remittance is not null)
            {
                lines.AddRange(remittance.Elements(x + "Ustrd").Select(Text).OfType<string>());
                lines.AddRange(remittance.Elements(x + "Strd").SelectMany(s => s.Descendants(x + "Ref")).Select(Text).OfType<string>());
            }

            // The other party: who paid us (credit) or whom we paid (debit).
            var party = tx.Element(x + "RltdPties")?.Element(x + (side == BookingSide.Credit ? "Dbtr" : "Cdtr"));
            var partyAccount = tx.Element(x + "RltdPties")?.Element(x + (side == BookingSide.Credit ? "DbtrAcct" : "CdtrAcct"));
            transactions.Add(new StatementTransaction(
                details.Count == 1 ? key : $"{key}#{i + 1}",
                string.Equals(endToEnd, "NOTPROVIDED", StringComparison.OrdinalIgnoreCase) ? null : endToEnd,
                cents,
                txCurrency,
                lines,
                Text(party?.Descendants(x + "Nm").FirstOrDefault()),
                Text(partyAccount?.Descendants(x + "IBAN").FirstOrDefault()),
                Text(tx.Element(x + "RtrInf")?.Element(x + "Rsn")?.Element(x + "Cd"))));
        }

        if (transactions.Count == 0)
        {
            // No details: the entry itself is the one transaction; its additional info is the text.
            var info = Text(entry.Element(x + "AddtlNtryInf"));
            transactions.Add(new StatementTransaction(key, null, amount, currency, info is null ? [] : [info], null, null, null));
        }

        return new StatementEntry(
            key,
            iban,
            amount,
            currency,
            side,
            string.Equals(Text(entry.Element(x + "RvslInd")), "true", StringComparison.OrdinalIgnoreCase),
            status,
            Date(x, entry.Element(x + "BookgDt")),
            Date(x, entry.Element(x + "ValDt")),
            transactions);
    }

    private static (long Cents, string Currency) Amount(XNamespace x, XElement? element, string? fileName)
    {
        var text = Text(element);
        var currency = element?.Attribute("Ccy")?.Value;
        if (text is null || currency is not { Length: 3 }
            || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || decimal.Round(value, 2) != value || value > 999_999_999_999m)
        {
            throw new BankFileException($"Ein Betrag im Kontoauszug ist nicht lesbar ('{text}').", fileName);
        }

        return ((long)(value * 100), currency);
    }

    private static DateOnly? Date(XNamespace x, XElement? element)
    {
        var text = Text(element?.Element(x + "Dt")) ?? Text(element?.Element(x + "DtTm"));
        return text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    private static string? Text(XElement? element) =>
        element is null || string.IsNullOrWhiteSpace(element.Value) ? null : element.Value.Trim();

    /// <summary>The German meaning of the common return reasons (EPC ISO reason codes), for the office and the audit.</summary>
    public static string ReturnReasonText(string code) => code switch
    {
        "AC01" => "IBAN fehlerhaft",
        "AC04" => "Konto aufgelöst",
        "AC06" => "Konto gesperrt",
        "AG01" => "Transaktion für dieses Konto nicht erlaubt",
        "AG02" => "Ungültiger Buchungscode",
        "AM05" => "Doppelte Zahlung",
        "BE04" => "Anschrift des Empfängers fehlt",
        "MD07" => "Kontoinhaber verstorben",
        "MS02" => "Grund vom Empfänger nicht angegeben",
        "MS03" => "Grund von der Bank nicht angegeben",
        "RC01" => "BIC fehlerhaft",
        "RR01" or "RR02" or "RR03" or "RR04" => "Regulatorische Gründe",
        "FOCR" => "Rückruf auf Wunsch des Auftraggebers",
        _ => "Rückgabe (" + code + ")",
    };
}
