using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Sightline.Realtime;

/// <summary>
/// A live row as rules read it, without building it: the same keys and values as
/// <see cref="LiveBaselineRow.ToRuleRow"/> (the context's columns, null when unknown; a list, date, text, flag or number
/// where the row has one, in that precedence), but a value is looked up (and boxed) only when a rule reads it. Segment
/// and routing rules read a few columns of the hundred or more a row has, once per event. Anything that enumerates it
/// gets the built dictionary, built once. Reads the row as it is: the row must not change while this is in use.
/// </summary>
internal sealed class LiveRuleRow(LiveBaselineRow row, LiveAccountContext context) : IReadOnlyDictionary<string, object?>
{
    private Dictionary<string, object?>? _built;

    private Dictionary<string, object?> Built => _built ??= row.ToRuleRow(context.RowColumns);

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => Built.Keys;

    public IEnumerable<object?> Values => Built.Values;

    public int Count => Built.Count;

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        ArgumentNullException.ThrowIfNull(key);

        // A row column lives in the table of its kind (the baseline loads it so, the overlay writes it so): one look-up.
        if (context.RowColumnKinds.TryGetValue(key, out var kind))
        {
            value = kind switch
            {
                LiveBaselineColumnKind.Number => row.TryNumber(key, out var n) ? n : null,
                LiveBaselineColumnKind.Flag => row.Flags.TryGetValue(key, out var f) ? f : null,
                LiveBaselineColumnKind.Text => row.Texts.GetValueOrDefault(key),
                LiveBaselineColumnKind.Date => row.TryDate(key, out var d) ? d : null,
                _ => row.TryList(key, out var l) ? l : null,
            };
            return true;
        }

        // ToRuleRow writes numbers, flags, texts, dates, then lists: the last write wins, so look up in reverse.
        if (row.TryList(key, out var list))
        {
            value = list;
        }
        else if (row.TryDate(key, out var date))
        {
            value = date;
        }
        else if (row.Texts.TryGetValue(key, out var text))
        {
            value = text;
        }
        else if (row.Flags.TryGetValue(key, out var flag))
        {
            value = flag;
        }
        else if (row.TryNumber(key, out var number))
        {
            value = number;
        }
        else if (context.RowColumnSet.Contains(key))
        {
            value = null;
        }
        else
        {
            value = null;
            return false;
        }

        return true;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Built.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
