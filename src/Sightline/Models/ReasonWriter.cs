using System.Globalization;

namespace Sightline.Models;

/// <summary>
/// Turns per-input contributions into the strongest reasons per row, in words: the largest raising contributions,
/// largest first, then the largest lowering ones, ties in input order. Only the kept inputs are put into words, from
/// phrases made once per input: wording every input with a contribution cost more than the trees' walk.
/// </summary>
internal sealed class ReasonWriter
{
    /// <summary>Contributions smaller than this (in log-odds) are noise, not a reason.</summary>
    internal const double Negligible = 1e-6;

    /// <summary>More reasons per side than this are never asked for (the kept inputs are listed on the stack).</summary>
    private const int MostPerSide = 64;

    private readonly IReadOnlyList<EncodedInput> _inputs;
    private readonly InputWords[] _words;
    private readonly TabularColumn[] _columns;

    /// <summary>A writer for the rows of <paramref name="data"/>, encoded by <paramref name="encoder"/>.</summary>
    public ReasonWriter(FeatureEncoder encoder, TabularData data)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(data);
        _inputs = encoder.Inputs;
        _words = [.. _inputs.Select(InputWords.Of)];
        _columns = [.. _inputs.Select(input => data.Columns.First(c => c.Name == input.Name))];
    }

    /// <summary>The reasons of <paramref name="row"/>: at most <paramref name="perSide"/> raising, then as many lowering.</summary>
    public Reason[] Explain(int row, ReadOnlySpan<double> contributions, int perSide)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perSide, MostPerSide);
        Span<int> raising = stackalloc int[perSide];
        Span<int> lowering = stackalloc int[perSide];
        var (raised, lowered) = Strongest(contributions[.._inputs.Count], raising, lowering);
        var reasons = new Reason[raised + lowered];
        for (var i = 0; i < reasons.Length; i++)
        {
            var slot = i < raised ? raising[i] : lowering[i - raised];
            var words = _words[slot];
            var column = _columns[slot];
            var text = _inputs[slot].Kind == InputKind.Categorical ? words.Level(column.Levels[row]) : words.Number(column.Numbers[row]);
            reasons[i] = new Reason(_inputs[slot].Name, text, contributions[slot]);
        }

        return reasons;
    }

    /// <summary>
    /// The slots of the strongest raising (largest first) and lowering (most negative first) contributions, as many as
    /// <paramref name="raising"/> and <paramref name="lowering"/> hold, skipping negligible ones; earlier slots win ties,
    /// as a stable sort by contribution keeps them. Returns how many of each were found.
    /// </summary>
    internal static (int Raised, int Lowered) Strongest(ReadOnlySpan<double> contributions, Span<int> raising, Span<int> lowering)
    {
        var raised = 0;
        var lowered = 0;
        for (var slot = 0; slot < contributions.Length; slot++)
        {
            var c = contributions[slot];
            if (!(Math.Abs(c) > Negligible))
            {
                continue;
            }

            if (c > 0)
            {
                raised = Keep(raising, raised, slot, contributions, larger: true);
            }
            else
            {
                lowered = Keep(lowering, lowered, slot, contributions, larger: false);
            }
        }

        return (raised, lowered);
    }

    /// <summary>Inserts <paramref name="slot"/> into the top list (after every kept slot at least as strong, so earlier slots win ties).</summary>
    private static int Keep(Span<int> top, int count, int slot, ReadOnlySpan<double> contributions, bool larger)
    {
        var c = contributions[slot];
        var at = count;
        while (at > 0 && (larger ? contributions[top[at - 1]] < c : contributions[top[at - 1]] > c))
        {
            at--;
        }

        if (at >= top.Length)
        {
            return count;
        }

        var kept = Math.Min(count + 1, top.Length);
        for (var i = kept - 1; i > at; i--)
        {
            top[i] = top[i - 1];
        }

        top[at] = slot;
        return kept;
    }

    /// <summary>The attribute and this row's value: <c>industry = Hospitals</c>, <c>no decision maker</c>, <c>employees unknown</c>.</summary>
    internal static string Describe(EncodedInput input, TabularColumn column, int row)
    {
        var words = InputWords.Of(input);
        return input.Kind == InputKind.Categorical ? words.Level(column.Levels[row]) : words.Number(column.Numbers[row]);
    }
}

/// <summary>
/// How reasons put one input's value into words. Its fixed phrases (the label, "label unknown", a boolean's two
/// readings) are made once, so a caller describing many rows (the live scorer, per event) keeps one per input.
/// </summary>
internal sealed record InputWords(string Label, string Unknown, bool IsBoolean, string? True, string? False)
{
    /// <summary>The phrases of an input.</summary>
    public static InputWords Of(EncodedInput input)
    {
        var label = input.Name.Replace('_', ' ');
        if (!input.IsBoolean || input.Kind == InputKind.Categorical)
        {
            return new InputWords(label, $"{label} unknown", false, null, null);
        }

        var isIs = label.StartsWith("is ", StringComparison.Ordinal);
        var subject = label.StartsWith("has ", StringComparison.Ordinal) ? label[4..] : isIs ? label[3..] : label;
        return new InputWords(label, $"{label} unknown", true, isIs ? $"is {subject}" : $"has {subject}", isIs ? $"not {subject}" : $"no {subject}");
    }

    /// <summary>A categorical value: <c>industry = Hospitals</c>, or unknown.</summary>
    public string Level(string? level) => level is not null ? string.Concat(Label, " = ", level) : Unknown;

    /// <summary>A numeric or boolean value: <c>employees = 1,200</c>, <c>no decision maker</c>, or unknown.</summary>
    public string Number(double value) => double.IsNaN(value) ? Unknown
        : IsBoolean ? (value != 0 ? True! : False!)
        : string.Concat(Label, " = ", NumberText.Invariant(value, Math.Abs(value) >= 100 || value == Math.Round(value) ? "#,0" : "0.##"));
}

/// <summary>Numbers in words, as the live answer writes them on every event.</summary>
internal static class NumberText
{
    /// <summary>
    /// <paramref name="value"/>.ToString(<paramref name="format"/>, invariant) for <c>0.##</c> or <c>#,0</c>: a whole number
    /// takes the standard integer format, which writes the same text several times faster than parsing a custom format.
    /// </summary>
    public static string Invariant(double value, string format)
    {
        if (value == Math.Truncate(value) && Math.Abs(value) < 1e15 && !(value == 0 && double.IsNegative(value)))
        {
            var whole = (long)value;
            return format switch
            {
                "0.##" => whole.ToString(CultureInfo.InvariantCulture),
                "#,0" => whole.ToString("N0", CultureInfo.InvariantCulture),
                _ => value.ToString(format, CultureInfo.InvariantCulture),
            };
        }

        return value.ToString(format, CultureInfo.InvariantCulture);
    }
}
