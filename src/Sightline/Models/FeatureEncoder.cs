namespace Sightline.Models;

/// <summary>How one source column enters the model: a number, or one 0/1 slot per kept level.</summary>
public sealed class EncodedInput
{
    /// <summary>The source column name.</summary>
    public required string Name { get; init; }

    /// <summary>Numbers or levels.</summary>
    public required InputKind Kind { get; init; }

    /// <summary>True for a boolean source (reasons read "has ..." / "no ...").</summary>
    public bool IsBoolean { get; init; }

    /// <summary>Kept levels of a categorical column, most frequent first; rarer levels and missing encode as all zeros.</summary>
    public List<string> Levels { get; init; } = [];

    /// <summary>First slot of this input in an encoded row.</summary>
    public int Offset { get; init; }

    /// <summary>Slots this input takes: 1 for a number, one per kept level.</summary>
    public int Width => Kind == InputKind.Numeric ? 1 : Levels.Count;
}

/// <summary>
/// Turns <see cref="TabularData"/> into the dense row-major float matrix the trees read. Categoricals are one-hot
/// over their frequent levels (so every split has a plain meaning: "industry = Hospitals"); missing numbers become a
/// sentinel below every real value, so trees route them as one more, lowest, value.
/// </summary>
public sealed class FeatureEncoder
{
    /// <summary>The value a missing number is encoded as.</summary>
    public const float Missing = -1e30f;

    /// <summary>At most this many levels of one categorical column get their own slot.</summary>
    public const int MaxLevels = 32;

    /// <summary>The inputs in slot order.</summary>
    public required List<EncodedInput> Inputs { get; init; }

    /// <summary>Slots per encoded row.</summary>
    public int Width => Inputs.Count == 0 ? 0 : Inputs[^1].Offset + Inputs[^1].Width;

    /// <summary>Learns the levels to keep from training data.</summary>
    public static FeatureEncoder Fit(TabularData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var minCount = Math.Max(5, data.Rows / 2000);
        var inputs = new List<EncodedInput>();
        var offset = 0;
        foreach (var column in data.Columns)
        {
            var levels = column.Kind == InputKind.Numeric
                ? []
                : column.Levels.Where(l => l is not null).GroupBy(l => l!, StringComparer.Ordinal)
                    .Select(g => (Level: g.Key, Count: g.Count()))
                    .Where(g => g.Count >= minCount)
                    .OrderByDescending(g => g.Count).ThenBy(g => g.Level, StringComparer.Ordinal)
                    .Take(MaxLevels).Select(g => g.Level).ToList();
            if (column.Kind == InputKind.Categorical && levels.Count == 0)
            {
                continue;
            }

            var input = new EncodedInput { Name = column.Name, Kind = column.Kind, IsBoolean = column.IsBoolean, Levels = levels, Offset = offset };
            inputs.Add(input);
            offset += input.Width;
        }

        return new FeatureEncoder { Inputs = inputs };
    }

    /// <summary>The slot names, such as <c>employees</c> or <c>industry=Hospitals</c>.</summary>
    public IReadOnlyList<string> SlotNames() =>
        Inputs.SelectMany(i => i.Kind == InputKind.Numeric ? [i.Name] : i.Levels.Select(l => $"{i.Name}={l}")).ToList();

    /// <summary>Encodes every row; columns are found by name, so the order of columns in the data does not matter.</summary>
    /// <exception cref="BadInputException">A column the model was trained on is missing or changed kind.</exception>
    public float[] Encode(TabularData data, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        var width = Width;
        var matrix = new float[(long)data.Rows * width];
        foreach (var input in Inputs)
        {
            var column = data.Columns.FirstOrDefault(c => c.Name == input.Name)
                ?? throw new BadInputException(new Diagnostic(source, null, input.Name, null, "the model was trained with this column and the data has none"));
            if (column.Kind != input.Kind)
            {
                throw new BadInputException(new Diagnostic(source, null, input.Name, null,
                    $"the model was trained with this column as {input.Kind.ToString().ToLowerInvariant()} and it is now {column.Kind.ToString().ToLowerInvariant()}"));
            }

            if (input.Kind == InputKind.Numeric)
            {
                for (var r = 0; r < data.Rows; r++)
                {
                    var value = column.Numbers[r];
                    matrix[((long)r * width) + input.Offset] = double.IsNaN(value) ? Missing : (float)value;
                }
            }
            else
            {
                var slots = input.Levels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
                for (var r = 0; r < data.Rows; r++)
                {
                    if (column.Levels[r] is { } level && slots.TryGetValue(level, out var slot))
                    {
                        matrix[((long)r * width) + input.Offset + slot] = 1f;
                    }
                }
            }
        }

        return matrix;
    }
}
