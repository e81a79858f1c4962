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

    // An evaluation row holds only the overlaid columns and reads every other one from the batch row under it: copying the
    // batch row's tables for each event made each touched account keep a few KB that every young collection copied.
    private LiveBaselineRow? _under;
    private IReadOnlySet<string>? _covered;

    // An evaluation row keeps its overlaid numbers in fixed slots (NaN: no value) rather than a table of its own: the
    // table cost each event a kilobyte that every young collection copied for each touched account, and a hash per write.
    private System.Collections.Frozen.FrozenDictionary<string, int>? _slotOf;
    private double[]? _slots;

    /// <summary>Sets or clears (null) a number.</summary>
    public void SetNumber(string column, double? value)
    {
        if (_slots is not null)
        {
            if (!_slotOf!.TryGetValue(column, out var slot))
            {
                throw new InvalidOperationException($"column '{column}' is not one an evaluation row overlays");
            }

            // Overlaid values are counts and days, never NaN, so NaN can stand for "no value".
            _slots[slot] = value ?? double.NaN;
            return;
        }

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
    public DateOnly? Date(string column) => TryDate(column, out var d) ? d : null;

    /// <summary>A number, from the row or, for a column an evaluation row does not overlay, from the batch row under it.</summary>
    internal bool TryNumber(string column, out double value)
    {
        if (_slots is not null && _slotOf!.TryGetValue(column, out var slot))
        {
            value = _slots[slot];
            return !double.IsNaN(value);
        }

        return Numbers.TryGetValue(column, out value) || (Under(column) is { } under && under.Numbers.TryGetValue(column, out value));
    }

    /// <summary>A date, as <see cref="TryNumber"/> reads a number.</summary>
    internal bool TryDate(string column, out DateOnly value) =>
        Dates.TryGetValue(column, out value) || (Under(column) is { } under && under.Dates.TryGetValue(column, out value));

    /// <summary>A list, as <see cref="TryNumber"/> reads a number.</summary>
    internal bool TryList(string column, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out List<string> value) =>
        Lists.TryGetValue(column, out value) || (Under(column) is { } under && under.Lists.TryGetValue(column, out value));

    /// <summary>The batch row to read <paramref name="column"/> from when this row lacks it: none for a column the overlay owns (missing means null).</summary>
    private LiveBaselineRow? Under(string column) => _under is not null && !_covered!.Contains(column) ? _under : null;

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
    /// A row to overlay live values on without copying this one: it holds only what is overlaid (the numbers of
    /// <paramref name="numbers"/>, in its slots, the only numbers <see cref="SetNumber"/> takes), and every column not in
    /// <paramref name="covered"/> is read from this row through <see cref="TryNumber"/>, <see cref="TryDate"/>,
    /// <see cref="TryList"/> and <see cref="ToRuleRow"/>. Flags and texts are this row's own tables. Neither row may
    /// change once it is made.
    /// </summary>
    internal LiveBaselineRow Layered(System.Collections.Frozen.FrozenDictionary<string, int> numbers, IReadOnlySet<string> covered)
    {
        if (_under is not null)
        {
            throw new InvalidOperationException("an evaluation row cannot be layered again");
        }

        var slots = new double[numbers.Count];
        Array.Fill(slots, double.NaN);
        return new()
        {
            Numbers = new(StringComparer.Ordinal),
            Flags = Flags,
            Texts = Texts,
            Dates = new(1, StringComparer.Ordinal),
            Lists = new(1, StringComparer.Ordinal),
            _under = this,
            _covered = covered,
            _slotOf = numbers,
            _slots = slots,
        };
    }

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

        foreach (var (k, v) in Merged(Numbers, r => r.Numbers))
        {
            row[k] = v;
        }

        if (_slots is not null)
        {
            foreach (var (k, slot) in _slotOf!)
            {
                if (!double.IsNaN(_slots[slot]))
                {
                    row[k] = _slots[slot];
                }
            }
        }

        foreach (var (k, v) in Flags)
        {
            row[k] = v;
        }

        foreach (var (k, v) in Texts)
        {
            row[k] = v;
        }

        foreach (var (k, v) in Merged(Dates, r => r.Dates))
        {
            row[k] = v;
        }

        foreach (var (k, v) in Merged(Lists, r => r.Lists))
        {
            row[k] = v;
        }

        return row;
    }

    /// <summary>One typed table as this row reads it: the batch row's entries this row does not overlay, then its own.</summary>
    private IEnumerable<KeyValuePair<string, T>> Merged<T>(Dictionary<string, T> own, Func<LiveBaselineRow, Dictionary<string, T>> table)
    {
        if (_under is not null)
        {
            foreach (var entry in table(_under))
            {
                if (!_covered!.Contains(entry.Key))
                {
                    yield return entry;
                }
            }
        }

        foreach (var entry in own)
        {
            yield return entry;
        }
    }
}
