namespace Sightline.Data;

/// <summary>A reference from a column to the key of another canonical table.</summary>
/// <param name="Column">Referencing column.</param>
/// <param name="Table">Referenced table.</param>
/// <param name="TargetColumn">Referenced key column.</param>
/// <param name="Always">
/// True when the parent must exist (orders need their account). False for optional links
/// (an owner rep, a parent account): those are checked only once the referenced table holds rows,
/// so a plain CRM account export loads before the rep list does.
/// </param>
public sealed record ForeignKey(string Column, string Table, string TargetColumn, bool Always);
