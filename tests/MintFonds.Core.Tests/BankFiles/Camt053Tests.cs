using System.IO.Compression;
using System.Text;
using MintFonds.Core.BankFiles;
using MintFonds.Core.Uploads;

namespace MintFonds.Core.Tests.BankFiles;

/// <summary>Reading camt.053 safely: both versions, batch bookings, returns; DTDs, entities and foreign files refused.</summary>
public sealed class Camt053Tests
{
    private const string V02 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
          <BkToCstmrStmt>
            <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-26T06:00:00</CreDtTm></GrpHdr>
            <Stmt>
              <Id>S1</Id>
              <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
              <Ntry>
                <Amt Ccy="EUR">750.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
                <BookgDt><Dt>2026-11-25</Dt></BookgDt><ValDt><Dt>2026-11-25</Dt></ValDt>
                <AcctSvcrRef>2026112500001</AcctSvcrRef>
                <NtryDtls>
                  <Btch><NbOfTxs>2</NbOfTxs></Btch>
                  <TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">250.00</Amt></TxAmt></AmtDtls>
                    <RltdPties><Dbtr><Nm>Binger Stadtwerke AG</Nm></Dbtr><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>
                    <RmtInf><Ustrd>Spende MRF-P-2026-00</Ustrd><Ustrd>01-1</Ustrd></RmtInf></TxDtls>
                  <TxDtls><Refs><EndToEndId>E2E-VB-1</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">500.00</Amt></TxAmt></AmtDtls>
                    <RltdPties><Dbtr><Nm>Volksbank</Nm></Dbtr></RltdPties></TxDtls>
                </NtryDtls>
              </Ntry>
              <Ntry>
                <Amt Ccy="EUR">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><ValDt><Dt>2026-11-26</Dt></ValDt>
                <NtryDtls><TxDtls><Refs><EndToEndId>MRF-2026-0001-A1</EndToEndId></Refs><RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf></TxDtls></NtryDtls>
              </Ntry>
            </Stmt>
          </BkToCstmrStmt>
        </Document>
        """;

    [Fact]
    public void Reads_batch_bookings_split_references_and_returns_of_version_02()
    {
        var statement = Camt053.Read(Encoding.UTF8.GetBytes(V02));

        Assert.Equal("camt.053.001.02", statement.Version);
        Assert.Equal(["DE89370400440532013000"], statement.AccountIbans);
        var batch = statement.Entries[0];
        Assert.Equal((BookingSide.Credit, 75000L, "2026112500001"), (batch.Side, batch.AmountCents, batch.Key));
        Assert.Equal(["2026112500001#1", "2026112500001#2"], batch.Transactions.Select(t => t.Key));
        Assert.Equal([25000L, 50000L], batch.Transactions.Select(t => t.AmountCents));
        Assert.Equal(["Spende MRF-P-2026-00", "01-1"], batch.Transactions[0].RemittanceLines);
        Assert.Null(batch.Transactions[0].EndToEndId); // NOTPROVIDED
        Assert.Equal("Binger Stadtwerke AG", batch.Transactions[0].CounterpartyName);
        var returned = statement.Entries[1];
        Assert.StartsWith("sha256:", returned.Key, StringComparison.Ordinal); // no AcctSvcrRef: a hash of the entry
        Assert.Equal(("AC04", "MRF-2026-0001-A1", 30000L), (returned.Transactions[0].ReturnReason, returned.Transactions[0].EndToEndId, returned.Transactions[0].AmountCents));
        Assert.Equal(returned.Key, Camt053.Read(Encoding.UTF8.GetBytes(V02)).Entries[1].Key); // the same entry, the same key
    }

    [Fact]
    public void Reads_version_08_with_status_codes_and_parties_under_Pty()
    {
        var v08 = V02.Replace("camt.053.001.02", "camt.053.001.08", StringComparison.Ordinal)
            .Replace("<Sts>BOOK</Sts>", "<Sts><Cd>BOOK</Cd></Sts>", StringComparison.Ordinal)
            .Replace("<Dbtr><Nm>Binger Stadtwerke AG</Nm></Dbtr>", "<Dbtr><Pty><Nm>Binger Stadtwerke AG</Nm></Pty></Dbtr>", StringComparison.Ordinal);
        var statement = Camt053.Read(Encoding.UTF8.GetBytes(v08));

        Assert.Equal("camt.053.001.08", statement.Version);
        Assert.True(statement.Entries[0].IsBooked);
        Assert.Equal("Binger Stadtwerke AG", statement.Entries[0].Transactions[0].CounterpartyName);
    }

    [Theory]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&x;</Document>""", "DTD")]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&c;</Document>""", "DTD")]
    [InlineData("""<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>""", "kein Kontoauszug")]
    [InlineData("""<Document><BkToCstmrStmt/></Document>""", "kein Kontoauszug")]
    [InlineData("""<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>""", "kein lesbares XML")]
    public void Hostile_and_foreign_documents_are_refused_with_a_reason(string xml, string reason)
    {
        var refused = Assert.Throws<BankFileException>(() => Camt053.Read(Encoding.UTF8.GetBytes(xml)));
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_over_the_character_limit_is_refused_while_reading()
    {
        var big = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>" + new string(' ', 5000) + "</BkToCstmrStmt></Document>";
        Assert.Throws<BankFileException>(() => Camt053.Read(Encoding.UTF8.GetBytes(big), maxCharacters: 1000));
    }

    [Fact]
    public void A_zip_is_unpacked_within_limits_and_other_bytes_are_refused()
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("2026-11-25.xml").Open();
            entry.Write(Encoding.UTF8.GetBytes(V02));
        }

        var files = StatementArchive.Files(stream.ToArray(), "upload");
        Assert.Equal("2026-11-25.xml", Assert.Single(files).Name);
        Assert.Single(StatementArchive.Files(Encoding.UTF8.GetBytes("\uFEFF  " + V02), "x.xml"));
        Assert.Throws<BankFileException>(() => StatementArchive.Files(Encoding.UTF8.GetBytes("%PDF-1.7"), "x"));

        using var nested = new MemoryStream();
        using (var archive = new ZipArchive(nested, ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("inner.zip").Open().Dispose();
        }

        Assert.Throws<BankFileException>(() => StatementArchive.Files(nested.ToArray(), "upload"));
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C, 0x3E }, null)] // <html>
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, null)] // GIF
    [InlineData(new byte[] { }, null)]
    public void File_types_are_read_from_the_first_bytes(byte[] content, string? expected) =>
        Assert.Equal(expected, FileSniffer.Sniff(content));
}
