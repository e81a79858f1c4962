namespace Sightline.Quality;

/// <summary>One reference between tables and how many rows point at nothing.</summary>
/// <param name="Table">Referencing table.</param>
/// <param name="Column">Referencing column.</param>
/// <param name="TargetTable">Referenced table.</param>
/// <param name="TargetColumn">Referenced key column.</param>
/// <param name="Required">Whether the reference must always resolve (false for optional links such as an owner rep).</param>
/// <param name="TargetLoaded">Whether the referenced table holds any rows.</param>
/// <param name="Checked">Rows with a (non-blank) reference.</param>
/// <param name="Orphans">Rows whose reference does not resolve.</param>
/// <param name="Examples">A few unresolved reference values, sorted.</param>
public sealed record OrphanRelation(
    string Table,
    string Column,
    string TargetTable,
    string TargetColumn,
    bool Required,
    bool TargetLoaded,
    long Checked,
    long Orphans,
    IReadOnlyList<string> Examples);
