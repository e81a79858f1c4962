namespace Sightline.Demo;

/// <summary>The CSV files a demo world was written to.</summary>
/// <param name="Directory">The folder holding the files.</param>
/// <param name="FilesByTable">Table name (the canonical tables and <c>demo_truth</c>) to the file's full path.</param>
/// <param name="RowsByTable">Table name to the number of data rows written (header excluded).</param>
public sealed record DemoWorldFiles(string Directory, IReadOnlyDictionary<string, string> FilesByTable, IReadOnlyDictionary<string, long> RowsByTable);
