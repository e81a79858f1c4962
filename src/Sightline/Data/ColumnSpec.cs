namespace Sightline.Data;

/// <summary>One column of a canonical table.</summary>
/// <param name="Name">snake_case column name.</param>
/// <param name="Type">Storage type.</param>
/// <param name="Required">A value must be present on every row.</param>
/// <param name="AllowedValues">When set, the only values accepted (normalised to snake_case on import).</param>
/// <param name="Min">Smallest value accepted, for numbers.</param>
/// <param name="Max">Largest value accepted, for numbers.</param>
/// <param name="PastOnly">A date of something that happened: later than today (plus the tolerance) is an error.</param>
/// <param name="SizeBands">A firmographic size that data vendors give as a band: "51-200" is read as its midpoint, "10,001+" as its lower bound.</param>
/// <param name="Money">An amount in the workspace's currency: a value written in another currency is refused, since amounts are not converted.</param>
public sealed record ColumnSpec(string Name, ColumnType Type, bool Required = false, IReadOnlyList<string>? AllowedValues = null,
    double? Min = null, double? Max = null, bool PastOnly = false, bool SizeBands = false, bool Money = false)
{
    /// <summary>The DuckDB SQL type of the column.</summary>
    public string SqlType => Type switch
    {
        ColumnType.Text => "VARCHAR",
        ColumnType.Integer => "BIGINT",
        ColumnType.Number => "DOUBLE",
        ColumnType.Date => "DATE",
        ColumnType.Timestamp => "TIMESTAMP",
        ColumnType.Boolean => "BOOLEAN",
        _ => throw new InvalidOperationException($"Unknown column type {Type}"),
    };
}
