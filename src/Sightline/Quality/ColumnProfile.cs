namespace Sightline.Quality;

/// <summary>Profile of one column of a workspace table.</summary>
/// <param name="Name">Column name.</param>
/// <param name="DataType">DuckDB data type.</param>
/// <param name="NonNull">Rows with a value (not null).</param>
/// <param name="Filled">Rows with a usable value: not null and, for text, not blank.</param>
/// <param name="Completeness"><paramref name="Filled"/> over the table's rows, 0..1; null for an empty table.</param>
/// <param name="Distinct">Distinct non-null values.</param>
/// <param name="Min">Smallest value, for numbers and dates.</param>
/// <param name="Max">Largest value, for numbers and dates.</param>
/// <param name="MinLength">Shortest text length, for text.</param>
/// <param name="MaxLength">Longest text length, for text.</param>
/// <param name="Invalid">Rows with an invalid value: <paramref name="Flagged"/> plus rows failing <paramref name="InvalidRule"/>.</param>
/// <param name="Flagged">Rows flagged for this column at import.</param>
/// <param name="InvalidRule">The semantic check applied to this column, when there is one.</param>
public sealed record ColumnProfile(
    string Name,
    string DataType,
    long NonNull,
    long Filled,
    double? Completeness,
    long Distinct,
    string? Min,
    string? Max,
    long? MinLength,
    long? MaxLength,
    long Invalid,
    long Flagged,
    string? InvalidRule);
