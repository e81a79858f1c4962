namespace Sightline.Import;

/// <summary>How an import treats bad rows and existing data.</summary>
/// <param name="Lenient">Load the good rows and keep every bad one in the rejects table, instead of changing nothing.</param>
/// <param name="Replace">Empty each target table before loading it, instead of upserting by key.</param>
/// <param name="Table">Load every file into this table, instead of taking the table from the file name.</param>
/// <param name="AttributeSet">Load the files as a named attribute set (enrichment keyed by account_id or domain).</param>
public sealed record ImportOptions(bool Lenient = false, bool Replace = false, string? Table = null, string? AttributeSet = null);

/// <summary>Progress of an import, per file and step.</summary>
/// <param name="File">File name.</param>
/// <param name="Step">What is happening ("reading", "validating", "writing").</param>
/// <param name="FileIndex">0-based position of the file.</param>
/// <param name="FileCount">How many files there are.</param>
public sealed record ImportProgress(string File, string Step, int FileIndex, int FileCount);

/// <summary>What happened to one file.</summary>
public sealed record FileImportResult(
    string File,
    string Table,
    string Format,
    string? Encoding,
    string? Delimiter,
    long RowsRead,
    long RowsLoaded,
    long RowsRejected,
    long RowsInserted,
    long RowsUpdated,
    long RowsFlagged,
    IReadOnlyList<string> CustomAttributes,
    IReadOnlyList<string> Notes);

/// <summary>What one import command did. Always: loaded + rejected = read.</summary>
public sealed record ImportResult(
    string RunId,
    string Mode,
    IReadOnlyList<FileImportResult> Files,
    long RowsRead,
    long RowsLoaded,
    long RowsRejected)
{
    /// <summary>A note about a file as the user reads it: with the file's name in front, unless the note starts with it.</summary>
    public static string NamedNote(string file, string note) =>
        note.StartsWith(file, StringComparison.Ordinal) && note.Length > file.Length && note[file.Length] is ':' or ' ' ? note : $"{file}: {note}";

    /// <summary>Notes about the command rather than one file: the files of a folder or an archive that name no table, skipped.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
