using System.Globalization;

namespace Sightline.Models;

/// <summary>Turns per-input contributions into the strongest reasons per row, in words.</summary>
internal static class ReasonWriter
{
    /// <summary>Contributions smaller than this (in log-odds) are noise, not a reason.</summary>
    private const double Negligible = 1e-6;

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
        var label = input.Name.Replace('_', ' ');
        if (input.Kind == InputKind.Categorical)
        {
            return column.Levels[row] is { } level ? $"{label} = {level}" : $"{label} unknown";
        }

        var value = column.Numbers[row];
        if (double.IsNaN(value))
        {
            return $"{label} unknown";
        }

        if (input.IsBoolean)
        {
            var subject = label.StartsWith("has ", StringComparison.Ordinal) ? label[4..]
                : label.StartsWith("is ", StringComparison.Ordinal) ? label[3..] : label;
            return label.StartsWith("is ", StringComparison.Ordinal)
                ? (value != 0 ? $"is {subject}" : $"not {subject}")
                : (value != 0 ? $"has {subject}" : $"no {subject}");
        }

        return $"{label} = {Format(value)}";
    }

    private static string Format(double value) => Math.Abs(value) >= 100 || value == Math.Round(value)
        ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : value.ToString("0.##", CultureInfo.InvariantCulture);
}
