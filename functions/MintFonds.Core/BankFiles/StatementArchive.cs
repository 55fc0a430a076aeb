using System.IO.Compression;

namespace MintFonds.Core.BankFiles;

/// <summary>
/// The statement files of one upload: a single XML file, or the ZIP that online banking downloads (one camt.053 file
/// per account and day). The ZIP is read with limits that hold whatever its headers claim (a "zip bomb" lies about
/// sizes): at most <see cref="MaxEntries"/> entries, each at most <see cref="MaxEntryBytes"/> and all together at
/// most <see cref="MaxTotalBytes"/> once decompressed, counted while reading; no nested archives.
/// </summary>
public static class StatementArchive
{
    public const int MaxEntries = 100;

    public const long MaxEntryBytes = 20 * 1024 * 1024;

    public const long MaxTotalBytes = 50 * 1024 * 1024;

    /// <summary>True for bytes that start like a ZIP archive ("PK\3\4").</summary>
    public static bool IsZip(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04;

    /// <summary>True for bytes that start like an XML document (after a BOM and white space).</summary>
    public static bool IsXml(ReadOnlySpan<byte> bytes)
    {
        var start = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (start < bytes.Length && bytes[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        return start < bytes.Length && bytes[start] == (byte)'<';
    }

    /// <summary>The XML files of an upload with their names; throws <see cref="BankFileException"/> for anything else.</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Files(byte[] upload, string name)
    {
        if (IsXml(upload))
        {
            return [(name, upload)];
        }

        if (!IsZip(upload))
        {
            throw new BankFileException("Erwartet wird ein Kontoauszug im camt.053-Format (XML) oder das ZIP-Archiv aus dem Online-Banking.", name);
        }

        var files = new List<(string, byte[])>();
        long total = 0;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(upload, writable: false), ZipArchiveMode.Read);
            if (archive.Entries.Count > MaxEntries)
            {
                throw new BankFileException($"Das ZIP-Archiv enthält mehr als {MaxEntries} Dateien.", name);
            }

            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                {
                    continue; // a folder
                }

                if (!entry.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                {
                    throw new BankFileException($"Das ZIP-Archiv enthält '{entry.Name}'; erwartet werden nur camt.053-Dateien (.xml).", name);
                }

                using var content = entry.Open();
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = content.Read(chunk, 0, chunk.Length)) > 0)
                {
                    total += read;
                    if (buffer.Length + read > MaxEntryBytes || total > MaxTotalBytes)
                    {
                        throw new BankFileException($"'{entry.Name}' im ZIP-Archiv ist entpackt größer als erlaubt ({MaxEntryBytes / 1024 / 1024} MiB je Datei, {MaxTotalBytes / 1024 / 1024} MiB insgesamt).", name);
                    }

                    buffer.Write(chunk, 0, read);
                }

                files.Add((entry.Name, buffer.ToArray()));
            }
        }
        catch (InvalidDataException)
        {
            throw new BankFileException("Das ZIP-Archiv ist beschädigt und kann nicht gelesen werden.", name);
        }

        return files.Count > 0 ? files : throw new BankFileException("Das ZIP-Archiv enthält keinen Kontoauszug.", name);
    }
}
