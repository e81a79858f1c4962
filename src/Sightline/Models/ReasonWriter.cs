using System.Globalization;

namespace Sightline.Models;

/// <summary>Turns per-input contributions into the strongest reasons per row, in words.</summary>
internal static class ReasonWriter
{
    /// <summary>Contributions smaller than this (in log-odds) are noise, not a reason.</summary>
    internal const double Negligible = 1e-6;

    public static Reason[] Explain(FeatureEncoder encoder, TabularData data, int row, ReadOnlySpan<double> contributions, int perSide)
    {
        var perInput = new List<Reason>(encoder.Inputs.Count);
        for (var slot = 0; slot < encoder.Inputs.Count; slot++)
        {
            var input = encoder.Inputs[slot];
            var total = contributions[slot];
            if (Math.Abs(total) > Negligible)
            {
                var column = data.Columns.First(c => c.Name == input.Name);
                perInput.Add(new Reason(input.Name, Describe(input, column, row), total));
            }
        }

        var raising = perInput.Where(r => r.Contribution > 0).OrderByDescending(r => r.Contribution).Take(perSide);
        var lowering = perInput.Where(r => r.Contribution < 0).OrderBy(r => r.Contribution).Take(perSide);
        return [.. raising, .. lowering];
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
