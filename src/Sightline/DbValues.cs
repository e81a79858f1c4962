namespace Sightline;

/// <summary>Reads DuckDB values whose .NET type depends on the column type.</summary>
internal static class DbValues
{
    /// <summary>A DATE or TIMESTAMP value as a date; null for NULL.</summary>
    public static DateOnly? Date(object? value) => value switch
    {
        DateOnly date => date,
        DateTime time => DateOnly.FromDateTime(time),
        _ => null,
    };
}
