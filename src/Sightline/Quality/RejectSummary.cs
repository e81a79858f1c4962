namespace Sightline.Quality;

/// <summary>Rows rejected at import, per file and reason.</summary>
/// <param name="File">Source file.</param>
/// <param name="Table">Target table.</param>
/// <param name="Reason">Why the rows were rejected.</param>
/// <param name="Count">Rejected rows.</param>
public sealed record RejectSummary(string File, string Table, string Reason, long Count);
