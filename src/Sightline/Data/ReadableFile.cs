namespace Sightline.Data;

/// <summary>
/// A file as the commands that read one file read it (<c>score --file</c>, <c>clusters --file</c>, <c>clv
/// --transactions</c>, <c>touch --file</c>): delimited text as it is, or an Excel workbook's first sheet written out as
/// CSV the way import reads one (a title block above the header and a footer left out, other sheets named), with notes.
/// Disposing removes the copy.
/// </summary>
internal sealed class ReadableFile : IDisposable
{
    private readonly bool _copy;

    private ReadableFile(string path, bool copy, List<string> notes, long headerRow, IReadOnlyList<long> sheetRows)
    {
        Path = path;
        _copy = copy;
        Notes = notes;
        HeaderRow = headerRow;
        SheetRows = sheetRows;
    }

    /// <summary>The delimited text to read.</summary>
    public string Path { get; }

    /// <summary>What converting the workbook tells the user; empty for text.</summary>
    public List<string> Notes { get; }

    /// <summary>The sheet row of the header (1 for text).</summary>
    public long HeaderRow { get; }

    /// <summary>A workbook's sheet row of each record written, in order; empty for text.</summary>
    public IReadOnlyList<long> SheetRows { get; }

    /// <summary>Opens <paramref name="path"/>; a workbook is converted to a temporary CSV.</summary>
    /// <exception cref="BadInputException">A workbook that cannot be read, naming the file.</exception>
    public static ReadableFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!System.IO.Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return new ReadableFile(path, false, [], 1, []);
        }

        var csv = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sightline-sheet-{Guid.NewGuid():N}.csv");
        var notes = new List<string>();
        try
        {
            var (headerRow, rows) = Import.SourceFile.WriteFirstSheetAsCsv(path, csv, notes);
            return new ReadableFile(csv, true, notes, headerRow, rows);
        }
        catch (InvalidDataException e)
        {
            File.Delete(csv);
            throw new BadInputException(new Diagnostic(System.IO.Path.GetFileName(path), null, null, null,
                $"cannot be read ({e.Message.Split('\n', 2)[0].Trim()}); expected an Excel workbook (.xlsx) with a header row in its first sheet"));
        }
    }

    public void Dispose()
    {
        if (_copy)
        {
            File.Delete(Path);
        }
    }
}
