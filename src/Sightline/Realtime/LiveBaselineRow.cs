namespace Sightline.Realtime;

/// <summary>
/// One account's feature row, by type: the batch <c>account_features</c> row as loaded, or that row with the live
/// features overlaid. A missing key is a missing value (SQL NULL). Typed dictionaries rather than objects so the state
/// serialises without type hints.
/// </summary>
public sealed class LiveBaselineRow
{
    /// <summary>Numeric columns, read as DOUBLE exactly as the model loader reads them (so encodings match bit for bit).</summary>
    public Dictionary<string, double> Numbers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Boolean columns.</summary>
    public Dictionary<string, bool> Flags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Text columns.</summary>
    public Dictionary<string, string> Texts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Date and timestamp columns, as dates (what rules compare).</summary>
    public Dictionary<string, DateOnly> Dates { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Text-list columns such as <c>product_families</c>.</summary>
    public Dictionary<string, List<string>> Lists { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Sets or clears (null) a number.</summary>
    public void SetNumber(string column, double? value)
    {
        if (value is { } v)
        {
            Numbers[column] = v;
        }
        else
        {
            Numbers.Remove(column);
        }
    }

    /// <summary>Sets or clears (null) a date.</summary>
    public void SetDate(string column, DateOnly? value)
    {
        if (value is { } v)
        {
            Dates[column] = v;
        }
        else
        {
            Dates.Remove(column);
        }
    }

    /// <summary>A date value, or null.</summary>
    public DateOnly? Date(string column) => Dates.TryGetValue(column, out var d) ? d : null;

    /// <summary>A copy sharing no mutable parts with this row.</summary>
    public LiveBaselineRow Copy() => Copy(0, 0);

    /// <summary>
    /// <see cref="Copy()"/> with room for <paramref name="moreNumbers"/> more numbers and <paramref name="more"/> more dates
    /// and lists, so a caller adding them (the live overlay, every event) does not grow the tables.
    /// </summary>
    internal LiveBaselineRow Copy(int moreNumbers, int more)
    {
        var lists = new Dictionary<string, List<string>>(Lists.Count + more, StringComparer.Ordinal);
        foreach (var (k, v) in Lists)
        {
            lists.Add(k, [.. v]);
        }

        return new()
        {
            Numbers = With(Numbers, moreNumbers),
            Flags = new(Flags, StringComparer.Ordinal),
            Texts = new(Texts, StringComparer.Ordinal),
            Dates = With(Dates, more),
            Lists = lists,
        };
    }

    /// <summary>
    /// A row to overlay live values on: its own numbers, dates and list table (with room for <paramref name="moreNumbers"/>
    /// and <paramref name="more"/> more), sharing the flags, texts and lists themselves with this row. Read only once made.
    /// </summary>
    internal LiveBaselineRow Overlaid(int moreNumbers, int more) => new()
    {
        Numbers = With(Numbers, moreNumbers),
        Flags = Flags,
        Texts = Texts,
        Dates = With(Dates, more),
        Lists = With(Lists, more),
    };

    private static Dictionary<string, T> With<T>(Dictionary<string, T> source, int more)
    {
        if (more == 0)
        {
            return new(source, StringComparer.Ordinal);
        }

        var copy = new Dictionary<string, T>(source.Count + more, StringComparer.Ordinal);
        foreach (var (k, v) in source)
        {
            copy.Add(k, v);
        }

        return copy;
    }

    /// <summary>
    /// The row as <see cref="Segments.Rules.RuleEvaluator"/> reads it: every column in <paramref name="columns"/> present,
    /// null where the row has no value (so the evaluator never has to search for a missing name).
    /// </summary>
    public Dictionary<string, object?> ToRuleRow(IEnumerable<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            row[column] = null;
        }

        foreach (var (k, v) in Numbers)
        {
            row[k] = v;
        }

        foreach (var (k, v) in Flags)
        {
            row[k] = v;
        }

        foreach (var (k, v) in Texts)
        {
            row[k] = v;
        }

        foreach (var (k, v) in Dates)
        {
            row[k] = v;
        }

        foreach (var (k, v) in Lists)
        {
            row[k] = v;
        }

        return row;
    }
}
