namespace Sightline.Quality;

/// <summary>Profile of one canonical table: its rows and every column it has (custom attributes included).</summary>
/// <param name="Name">Table name.</param>
/// <param name="RowCount">Rows in the table.</param>
/// <param name="Columns">One profile per column, in table order.</param>
public sealed record TableProfile(string Name, long RowCount, IReadOnlyList<ColumnProfile> Columns);
