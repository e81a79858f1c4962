namespace Sightline.Exports;

/// <summary>One file an export wrote.</summary>
/// <param name="Format"><c>csv</c> or <c>xlsx</c>.</param>
/// <param name="Path">The file's full path.</param>
/// <param name="Rows">Data rows written: accounts in the CSV; list rows over all rep sheets in the workbook.</param>
/// <param name="Sheets">Worksheets in the workbook (the summary included); 0 for the CSV.</param>
/// <param name="NeutralisedCells">Text cells that started like a formula and were prefixed with an apostrophe.</param>
public sealed record ExportedFile(string Format, string Path, long Rows, int Sheets, long NeutralisedCells);

/// <summary>The outcome of an export.</summary>
/// <param name="RunId">The run, recorded in <c>runs</c> with kind <c>export</c>.</param>
/// <param name="Directory">The folder written to.</param>
/// <param name="Accounts">Accounts in the workspace (one CSV row each).</param>
/// <param name="ListedAccounts">Accounts on the latest rep lists.</param>
/// <param name="RepSheets">Reps with a list, one workbook sheet each (when the workbook was written).</param>
/// <param name="Files">The files written.</param>
/// <param name="Sources">Which run each exported column came from, in words.</param>
/// <param name="Notes">What was left empty and why, with the verb that fills it.</param>
public sealed record ExportResult(string RunId, string Directory, long Accounts, long ListedAccounts, int RepSheets,
    IReadOnlyList<ExportedFile> Files, IReadOnlyList<string> Sources, IReadOnlyList<string> Notes);
