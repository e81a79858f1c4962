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

    /// <summary>Kept levels of a categorical column, most frequent first; a row's slot holds its level's index, and -1 for rarer levels and missing.</summary>
    public List<string> Levels { get; init; } = [];
}

/// <summary>
/// Turns <see cref="TabularData"/> into the dense row-major float matrix the trees read, one slot per input column.
/// A categorical slot holds the index of the row's level among the frequent ones (-1 for the rest), and the trees split it
/// by sets of levels (LightGBM's own categorical splits); a missing number becomes a sentinel below every real value, so
/// trees route it as one more, lowest, value.
/// </summary>
public sealed class FeatureEncoder
{
    /// <summary>The value a missing number is encoded as.</summary>
    public const float Missing = -1e30f;

    /// <summary>At most this many levels of one categorical column are told apart (a split's level set is a 64-bit mask).</summary>
    public const int MaxLevels = 32;

    /// <summary>The code of a level that is rare, unseen or missing.</summary>
    public const float OtherLevel = -1f;

    /// <summary>The inputs in slot order.</summary>
    public required List<EncodedInput> Inputs { get; init; }

    /// <summary>Slots per encoded row: one per input.</summary>
    public int Width => Inputs.Count;

    /// <summary>Per slot: the number of levels of a categorical input, 0 for a number.</summary>
    public int[] Categories() => Inputs.Select(i => i.Kind == InputKind.Categorical ? i.Levels.Count : 0).ToArray();

    /// <summary>Learns the levels to keep from training data.</summary>
    public static FeatureEncoder Fit(TabularData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var minCount = Math.Max(5, data.Rows / 2000);
        var inputs = new List<EncodedInput>();
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

            inputs.Add(new EncodedInput { Name = column.Name, Kind = column.Kind, IsBoolean = column.IsBoolean, Levels = levels });
        }

        return new FeatureEncoder { Inputs = inputs };
    }

    /// <summary>Encodes every row; columns are found by name, so the order of columns in the data does not matter.</summary>
    /// <exception cref="BadInputException">A column the model was trained on is missing or changed kind.</exception>
    public float[] Encode(TabularData data, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        var width = Width;
        var columns = new TabularColumn[width];
        var codes = new Dictionary<string, float>?[width];
        for (var slot = 0; slot < width; slot++)
        {
            var input = Inputs[slot];
            var column = columns[slot] = data.Columns.FirstOrDefault(c => c.Name == input.Name)
                ?? throw new BadInputException(new Diagnostic(source, null, input.Name, null, "the model was trained with this column and the data has none"));
            if (column.Kind != input.Kind)
            {
                throw new BadInputException(new Diagnostic(source, null, input.Name, null,
                    $"the model was trained with this column as {input.Kind.ToString().ToLowerInvariant()} and it is now {column.Kind.ToString().ToLowerInvariant()}"));
            }

            if (input.Kind == InputKind.Categorical)
            {
                codes[slot] = input.Levels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => (float)p.i, StringComparer.Ordinal);
            }
        }

        // Blocks of rows, every slot within a block: the block's part of the matrix stays in the cache while each column
        // fills its slot (a whole column at a time strides over the matrix once per slot).
        var rows = data.Rows;
        var matrix = new float[(long)rows * width];
        Parallel.For(0, (rows + EncodeBlock - 1) / EncodeBlock, block =>
        {
            var first = block * EncodeBlock;
            var end = Math.Min(rows, first + EncodeBlock);
            for (var slot = 0; slot < width; slot++)
            {
                var column = columns[slot];
                if (codes[slot] is { } levels)
                {
                    var text = column.Levels;
                    for (var r = first; r < end; r++)
                    {
                        matrix[((long)r * width) + slot] = text[r] is { } level && levels.TryGetValue(level, out var code) ? code : OtherLevel;
                    }
                }
                else
                {
                    var numbers = column.Numbers;
                    for (var r = first; r < end; r++)
                    {
                        var value = numbers[r];
                        matrix[((long)r * width) + slot] = double.IsNaN(value) ? Missing : (float)value;
                    }
                }
            }
        });

        return matrix;
    }

    /// <summary>Rows encoded together: a block of 80 inputs fills about a megabyte.</summary>
    private const int EncodeBlock = 4096;
}
