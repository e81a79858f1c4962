namespace Sightline.Quality;

/// <summary>How a column is profiled, from its DuckDB type.</summary>
internal enum ColumnKind
{
    Text,
    Number,
    Date,
    Other,
}
