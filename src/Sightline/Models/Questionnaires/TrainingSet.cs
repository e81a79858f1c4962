namespace Sightline.Models.Questionnaires;

/// <summary>Accounts with their class and askable attributes, encoded for the tree: rows in account id order.</summary>
internal sealed class TrainingSet
{
    public TrainingSet(IReadOnlyList<string> ids, int[] classes, IReadOnlyList<string> classNames, IReadOnlyList<AskableColumn> columns)
    {
        Ids = ids;
        Classes = classes;
        ClassNames = classNames;
        Columns = columns;
    }

    public IReadOnlyList<string> Ids { get; }

    /// <summary>Per row, the index of its class in <see cref="ClassNames"/>.</summary>
    public int[] Classes { get; }

    /// <summary>Class names in ordinal order, so class indices (and tie-breaks) never depend on row order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public IReadOnlyList<AskableColumn> Columns { get; }

    public int Rows => Classes.Length;
}

/// <summary>
/// One askable column: numbers (NaN when missing), or level codes (-1 when missing) into
/// <see cref="Levels"/>, which are in ordinal order.
/// </summary>
internal sealed class AskableColumn
{
    private AskableColumn(string name, AnswerKind kind, double[]? numbers, int[]? codes, IReadOnlyList<string> levels)
    {
        Name = name;
        Kind = kind;
        Numbers = numbers;
        Codes = codes;
        Levels = levels;
    }

    public string Name { get; }

    public AnswerKind Kind { get; }

    public double[]? Numbers { get; }

    public int[]? Codes { get; }

    public IReadOnlyList<string> Levels { get; }

    public bool IsNumber => Kind == AnswerKind.Number;

    public static AskableColumn Number(string name, double[] values) => new(name, AnswerKind.Number, values, null, []);

    /// <summary>Encodes text values (null when missing) as codes into their sorted distinct levels.</summary>
    public static AskableColumn Category(string name, AnswerKind kind, IReadOnlyList<string?> values)
    {
        var levels = values.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = levels.Select((level, i) => (level, i)).ToDictionary(x => x.level, x => x.i, StringComparer.Ordinal);
        var codes = new int[values.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = values[i] is { } value ? index[value] : -1;
        }

        return new AskableColumn(name, kind, null, codes, levels);
    }

    public bool IsMissing(int row) => IsNumber ? double.IsNaN(Numbers![row]) : Codes![row] < 0;
}
