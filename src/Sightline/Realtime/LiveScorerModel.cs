using Sightline.Models;

namespace Sightline.Realtime;

/// <summary>A stored model ready to score one row at a time: the model plus its encoder's slots resolved once.</summary>
public sealed class LiveScorerModel
{
    private readonly Dictionary<string, float>?[] _codes;
    private readonly InputWords[] _words;

    /// <summary>Resolves the encoder's slots.</summary>
    public LiveScorerModel(string key, string kind, string modelId, string? productFamily, PropensityModel model, TreeEnsemble? amount)
    {
        Key = key;
        Kind = kind;
        ModelId = modelId;
        ProductFamily = productFamily;
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Amount = amount;
        ReadsLiveFeatures = model.Encoder.Inputs.Any(i => LiveFeaturesOverlay.BatchColumns.Contains(i.Name, StringComparer.Ordinal));
        _codes = model.Encoder.Inputs.Select(i => i.Kind == InputKind.Categorical
            ? i.Levels.Select((l, c) => (l, c)).ToDictionary(p => p.l, p => (float)p.c, StringComparer.Ordinal)
            : null).ToArray();
        _words = [.. model.Encoder.Inputs.Select(InputWords.Of)];
    }

    /// <summary>lookalike, window or product:Family.</summary>
    public string Key { get; }

    /// <summary>lookalike, window or product.</summary>
    public string Kind { get; }

    /// <summary>The stored model's id.</summary>
    public string ModelId { get; }

    /// <summary>For a cross-sell model, the family.</summary>
    public string? ProductFamily { get; }

    /// <summary>
    /// True when an input is a column the live features overlay (touch counts, recency, days since the last order). A model
    /// that reads none — the default lookalike model, whose inputs are the account's profile — cannot move between batch
    /// runs, so the live state carries the batch's score for it. That also keeps the batch's number where the batch
    /// reported out-of-fold scores (a model trained in the run scores each account with the fold model that did not see
    /// it), which the final stored model does not reproduce exactly.
    /// </summary>
    public bool ReadsLiveFeatures { get; }

    /// <summary>The propensity model.</summary>
    public PropensityModel Model { get; }

    /// <summary>For the any-purchase window model, E[amount | purchase].</summary>
    public TreeEnsemble? Amount { get; }

    /// <summary>
    /// Encodes one row the way <see cref="FeatureEncoder.Encode"/> encodes a table: numbers (booleans as 0/1) cast to
    /// float, missing as <see cref="FeatureEncoder.Missing"/>, levels as their code or <see cref="FeatureEncoder.OtherLevel"/>.
    /// Also returns the row as a one-row table, which the reason writer reads values from.
    /// </summary>
    internal (float[] Encoded, TabularData Data) Encode(string accountId, LiveBaselineRow row)
    {
        var inputs = Model.Encoder.Inputs;
        var encoded = new float[inputs.Count];
        Encode(row, encoded);
        var columns = new List<TabularColumn>(inputs.Count);
        for (var slot = 0; slot < inputs.Count; slot++)
        {
            columns.Add(Column(slot, row));
        }

        return (encoded, new TabularData { Ids = [accountId], Columns = columns });
    }

    /// <summary>Encodes one row into <paramref name="encoded"/> (one slot per input), as <see cref="Encode(string, LiveBaselineRow)"/> does.</summary>
    internal void Encode(LiveBaselineRow row, Span<float> encoded)
    {
        var inputs = Model.Encoder.Inputs;
        for (var slot = 0; slot < inputs.Count; slot++)
        {
            var input = inputs[slot];
            if (input.Kind == InputKind.Numeric)
            {
                var value = NumberOf(input, row);
                encoded[slot] = double.IsNaN(value) ? FeatureEncoder.Missing : (float)value;
            }
            else
            {
                var level = row.Texts.GetValueOrDefault(input.Name);
                encoded[slot] = level is not null && _codes[slot]!.TryGetValue(level, out var code) ? code : FeatureEncoder.OtherLevel;
            }
        }
    }

    /// <summary>Per slot, the index of its input's name in <paramref name="numbers"/> (a numeric input), or -1 (a categorical one).</summary>
    internal int[] NumberSlots(string[] numbers)
    {
        var at = new int[Model.Encoder.Inputs.Count];
        for (var slot = 0; slot < at.Length; slot++)
        {
            var input = Model.Encoder.Inputs[slot];
            at[slot] = input.Kind == InputKind.Numeric ? Array.IndexOf(numbers, input.Name) : -1;
        }

        return at;
    }

    /// <summary>
    /// <see cref="Encode(LiveBaselineRow, Span{float})"/> with the numbers already read from the row:
    /// <paramref name="numbers"/>[<paramref name="numberAt"/>[slot]] is the slot's <see cref="NumberOf(string, LiveBaselineRow)"/>.
    /// </summary>
    internal void Encode(LiveBaselineRow row, Span<float> encoded, ReadOnlySpan<double> numbers, int[] numberAt)
    {
        var inputs = Model.Encoder.Inputs;
        for (var slot = 0; slot < inputs.Count; slot++)
        {
            if (numberAt[slot] >= 0)
            {
                var value = numbers[numberAt[slot]];
                encoded[slot] = double.IsNaN(value) ? FeatureEncoder.Missing : (float)value;
            }
            else
            {
                var level = row.Texts.GetValueOrDefault(inputs[slot].Name);
                encoded[slot] = level is not null && _codes[slot]!.TryGetValue(level, out var code) ? code : FeatureEncoder.OtherLevel;
            }
        }
    }

    /// <summary>The row's value of one input as a one-row column, which the reason writer describes.</summary>
    internal TabularColumn Column(int slot, LiveBaselineRow row)
    {
        var input = Model.Encoder.Inputs[slot];
        return input.Kind == InputKind.Numeric
            ? new TabularColumn { Name = input.Name, Kind = InputKind.Numeric, IsBoolean = input.IsBoolean, Numbers = [NumberOf(input, row)] }
            : new TabularColumn { Name = input.Name, Kind = InputKind.Categorical, Levels = [row.Texts.GetValueOrDefault(input.Name)] };
    }

    /// <summary>The row's value of one input in words, as <c>ReasonWriter.Describe</c> puts it, from phrases made once per input.</summary>
    internal string Describe(int slot, LiveBaselineRow row)
    {
        var input = Model.Encoder.Inputs[slot];
        return input.Kind == InputKind.Categorical ? _words[slot].Level(row.Texts.GetValueOrDefault(input.Name)) : _words[slot].Number(NumberOf(input, row));
    }

    private static double NumberOf(EncodedInput input, LiveBaselineRow row) => NumberOf(input.Name, row);

    /// <summary>A numeric input's value: the number, a flag as 0/1, or NaN when the row has none.</summary>
    internal static double NumberOf(string name, LiveBaselineRow row) =>
        row.TryNumber(name, out var n) ? n
        : row.Flags.TryGetValue(name, out var b) ? (b ? 1.0 : 0.0)
        : double.NaN;
}
