using System.Globalization;
using System.IO.Compression;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>The refusal of an Excel 97-2003 workbook, which no reader here takes.</summary>
    private const string LegacyWorkbook = "an Excel 97-2003 workbook (.xls), which cannot be read; expected CSV, TSV, Parquet or .xlsx: "
        + "open it in Excel and save it as .xlsx or CSV";

    /// <summary>
    /// Formats a file named on the command line may be in that no reader here takes, by extension: each was read as CSV
    /// text, its first line shown as headers ("missing required columns ... headers seen: [{"account_id":...").
    /// </summary>
    private static readonly Dictionary<string, string> UnreadableFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        [".json"] = "a JSON file",
        [".jsonl"] = "a JSON Lines file",
        [".ndjson"] = "a JSON Lines file",
        [".xml"] = "an XML file",
        [".ods"] = "an OpenDocument spreadsheet (.ods)",
        [".numbers"] = "an Apple Numbers document",
        [".xlsb"] = "an Excel binary workbook (.xlsb)",
        [".pdf"] = "a PDF document",
        [".docx"] = "a Word document",
    };

    /// <summary>The refusal of a file in a format of <see cref="UnreadableFormats"/>.</summary>
    private static string UnreadableFormat(string kind) =>
        $"{kind}, which cannot be read; expected CSV, TSV, Parquet or .xlsx: export or save the data as CSV or .xlsx";

    /// <summary>How many times its own size an archive may expand to, beyond <see cref="ArchiveExpansionFloor"/>.</summary>
    internal const int ArchiveExpansionRatio = 100;

    /// <summary>
    /// What an archive may always expand to, whatever its ratio: CSV exports compress 10 to 50 times, so only an archive past
    /// both this and <see cref="ArchiveExpansionRatio"/> times its size is refused (a zip bomb expands by thousands).
    /// </summary>
    internal long ArchiveExpansionFloor { get; init; } = 2L << 30;

    /// <summary>
    /// Extracts an archive's importable entries into the run's temporary folder, streaming, and returns each one's path and
    /// the name messages give it ("export.zip/Account.csv"). macOS's resource forks and folder files are skipped.
    /// </summary>
    private List<(string Path, string Name)> ExtractArchive(string archivePath, string tempDirectory)
    {
        var archiveName = Path.GetFileName(archivePath);
        var archiveSize = SourceFile.LengthOf(archivePath);
        var limit = Math.Max(ArchiveExpansionFloor, archiveSize * ArchiveExpansionRatio);
        var target = Path.GetFullPath(Path.Combine(tempDirectory, "archive-" + Guid.NewGuid().ToString("N")[..8])) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(target);
        BadInputException Refused(string name, string why) => new(new Diagnostic(name, null, null, null, why));
        const string Expected = "expected a ZIP archive of CSV, TSV, Parquet or XLSX files";

        var extracted = new List<(string Path, string Name)>();
        long expanded = 0;
        string? entryName = null;
        try
        {
            using var archive = ZipFile.OpenRead(archivePath);
            foreach (var entry in archive.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                var name = entry.FullName.Replace('\\', '/');
                entryName = $"{archiveName}/{name}";
                var fileName = name[(name.LastIndexOf('/') + 1)..];
                if (fileName.Length == 0 || name.StartsWith("__MACOSX/", StringComparison.Ordinal) || fileName.StartsWith("._", StringComparison.Ordinal)
                    || fileName == ".DS_Store")
                {
                    continue; // a folder, or what macOS adds when it zips a folder
                }

                var path = Path.GetFullPath(Path.Combine(target, name));
                // A drive letter ("C:/x.csv") is checked by hand: on Linux it is no rooted path, but it is on Windows.
                if (Path.IsPathRooted(name) || (name.Length > 1 && name[1] == ':' && char.IsAsciiLetter(name[0])) || name.Split('/').Contains("..")
                    || !path.StartsWith(target, StringComparison.Ordinal))
                {
                    throw Refused(entryName, "the entry's name leads out of the archive's folder ('..' or an absolute path), so it is not extracted; "
                        + "expected names of files inside the archive");
                }

                var extension = Path.GetExtension(fileName).ToLowerInvariant();
                if (extension == ".zip")
                {
                    throw Refused(entryName, "an archive inside the archive is not read; expected its files: extract it and import them");
                }

                if (!Extensions.Contains(extension) && extension != ".xls")
                {
                    continue; // as in a folder: what is no table's file (an attachment, a PDF) is left alone
                }

                if (entry.IsEncrypted)
                {
                    throw Refused(entryName, $"the entry is encrypted (a password-protected archive), so it cannot be read; {Expected} without a password");
                }

                expanded += entry.Length;
                if (expanded > limit)
                {
                    throw Refused(entryName, ExpansionMessage(archiveSize, limit));
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using (var input = entry.Open())
                using (var output = File.Create(path))
                {
                    // The sizes an entry declares may lie: the bytes written are counted too.
                    expanded -= entry.Length;
                    var buffer = new byte[1 << 16];
                    int read;
                    while ((read = input.Read(buffer)) > 0)
                    {
                        expanded += read;
                        if (expanded > limit)
                        {
                            throw Refused(entryName, ExpansionMessage(archiveSize, limit));
                        }

                        output.Write(buffer, 0, read);
                    }
                }

                extracted.Add((path, entryName));
            }
        }
        catch (InvalidDataException e)
        {
            throw Refused(entryName ?? archiveName, $"cannot be read as a ZIP archive ({e.Message.Trim()}); {Expected}");
        }

        if (extracted.Count == 0)
        {
            throw Refused(archiveName, $"the archive holds no importable file (.csv, .tsv, .tab, .txt, .parquet, .xlsx); {Expected}");
        }

        return extracted;
    }

    /// <summary>
    /// The path to read a named file from: the file itself, or for a pipe (<c>/dev/stdin</c> fed by a pipeline,
    /// <c>&lt;(cat accounts.csv)</c>, a named pipe) a copy in the run's temporary folder under the pipe's own name. Every
    /// step of an import opens its file again (for its length, encoding, line ends, delimiter, then DuckDB), and a pipe
    /// gives its bytes once: the copy is read in one pass here, and removed with the folder.
    /// </summary>
    private static string ReadablePath(string path, string tempDirectory)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        if (input.CanSeek)
        {
            return path;
        }

        var folder = Path.Combine(tempDirectory, "pipe-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, Path.GetFileName(path));
        using var output = File.Create(copy);
        input.CopyTo(output);
        return copy;
    }

    /// <summary>Whether a file is a gzip-compressed file of an importable kind ("accounts.csv.gz"), read as the file inside.</summary>
    private static bool IsGzipped(string name) =>
        name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && Extensions.Contains(Path.GetExtension(name[..^3]).ToLowerInvariant());

    /// <summary>
    /// Decompresses a gzipped file ("orders.csv.gz", as exports and data sets ship large tables) into the run's temporary
    /// folder, streaming, under the limits an archive has, and returns the copy's path; messages keep the file's own name.
    /// </summary>
    private string Gunzip(string path, string name, string tempDirectory)
    {
        var size = SourceFile.LengthOf(path);
        var limit = Math.Max(ArchiveExpansionFloor, size * ArchiveExpansionRatio);
        var folder = Path.Combine(tempDirectory, "gzip-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, Path.GetFileName(name)[..^3]);
        try
        {
            using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var output = File.Create(target);
            var buffer = new byte[1 << 16];
            long expanded = 0;
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                expanded += read;
                if (expanded > limit)
                {
                    var bounds = string.Create(CultureInfo.InvariantCulture,
                        $"more than {limit:N0} bytes (the larger of {ArchiveExpansionRatio} times its {size:N0} bytes and {ArchiveExpansionFloor:N0} bytes)");
                    throw new BadInputException(new Diagnostic(name, null, null, null, $"the file would expand to {bounds}, so it is refused as a possible gzip bomb; "
                        + "expected an export that expands less: if it is genuine, decompress it yourself and import the file"));
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new BadInputException(new Diagnostic(name, null, null, null,
                $"cannot be read as a gzip file ({e.Message.Trim()}); expected a gzip-compressed CSV, TSV, Parquet or XLSX file, as its name ends in .gz"));
        }

        return target;
    }

    private string ExpansionMessage(long archiveSize, long limit) =>
        string.Create(CultureInfo.InvariantCulture,
            $"the archive would expand to more than {limit:N0} bytes by this entry (the larger of {ArchiveExpansionRatio} times its {archiveSize:N0} bytes and {ArchiveExpansionFloor:N0} bytes), so it is refused as a possible zip bomb; expected an export that expands less: if it is genuine, extract it yourself and import the folder");
}
