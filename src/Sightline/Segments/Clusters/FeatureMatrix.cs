using System.Globalization;
using DuckDB.NET.Data;

namespace Sightline.Segments.Clusters;

/// <summary>A query result turned into a standardised, one-hot encoded row-major matrix, with what is needed to describe clusters in original units.</summary>
internal sealed class FeatureMatrix
{
    public const int MaxLevels = 20;
    public const string MissingLevel = "(missing)";

    private static readonly HashSet<string> NumericTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "REAL", "DOUBLE",
    };

    private static readonly HashSet<string> CoordinateNames = new(StringComparer.OrdinalIgnoreCase) { "latitude", "longitude", "lat", "lon", "lng", "long" };

    public required double[] Data { get; init; }

    public required int Dimensions { get; init; }

    public required int Rows { get; init; }

    public required IReadOnlyList<Column> Columns { get; init; }

    public required string[] Ids { get; init; }

    public string[]? Truth { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    internal sealed class Column
    {
        public required string Name { get; init; }

        public required FeatureKind Kind { get; init; }

        public FeatureTransform Transform { get; set; }

        public long MissingFilled { get; set; }

        public double[] Values { get; set; } = [];

        public string[] Texts { get; set; } = [];

        public List<string> Levels { get; } = [];

        public int[] LevelIndex { get; set; } = [];

        public double[] LevelShares { get; set; } = [];

        public double Mean { get; set; }

        public double Skewness { get; set; }

        public double TransformedMean { get; set; }

        public double TransformedStd { get; set; }

        public double Weight { get; set; }

        public int Offset { get; set; }

        public bool NonNegative { get; set; }

        public ClusterFeature Describe() => Kind == FeatureKind.Numeric
            ? new ClusterFeature(Name, Kind, Transform, MissingFilled, Mean, Skewness, null)
            : new ClusterFeature(Name, Kind, Transform, MissingFilled, null, null,
                Levels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => LevelShares[p.i], StringComparer.Ordinal));
    }

    /// <summary>
    /// Reads <paramref name="relation"/> and encodes the chosen columns; with <paramref name="autoCategoricals"/> and no
    /// features named, text columns with 2..20 distinct values are taken too.
    /// </summary>
    public static FeatureMatrix Load(DuckDBConnection connection, string relation, string sourceName, string? idColumn, ClusterOptions options, bool autoCategoricals)
    {
        var schema = Describe(connection, relation);
        string Resolve(string name, string what)
        {
            var found = schema.Keys.FirstOrDefault(k => k == name) ?? schema.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            return found ?? throw new BadInputException(new Diagnostic(sourceName, null, name, null,
                $"unknown {what} column; available: {string.Join(", ", schema.Keys)}"));
        }

        var id = idColumn is null ? null : Resolve(idColumn, "id");
        var label = options.LabelColumn is null ? null : Resolve(options.LabelColumn, "label");
        var notes = new List<string>();
        var numeric = new List<string>();
        var text = new List<string>();
        var named = options.Features is { Count: > 0 };
        if (named)
        {
            var unknown = options.Features!.Where(f => !schema.Keys.Any(k => string.Equals(k, f, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0)
            {
                throw new BadInputException(
                    unknown.Select(u => new Diagnostic(sourceName, null, u, null, $"unknown feature column; available: {string.Join(", ", schema.Keys)}")).ToList(),
                    unknown.Count);
            }

            foreach (var name in options.Features!.Select(f => Resolve(f, "feature")).Distinct(StringComparer.Ordinal))
            {
                // The label is what the clusters are compared with: as a feature it would find itself.
                if (name == label)
                {
                    throw new BadInputException(new Diagnostic("--features", null, null, name,
                        "is the --label-column, which the clusters are compared with and is never a feature; leave it out of --features"));
                }

                var type = schema[name];
                if (IsNumeric(type))
                {
                    numeric.Add(name);
                }
                else if (type == "VARCHAR")
                {
                    text.Add(name);
                }
                else
                {
                    throw new BadInputException(new Diagnostic(sourceName, null, name, null,
                        $"column of type {type} is neither numeric nor text; features must be numbers or text with 2..{MaxLevels} distinct values"));
                }
            }
        }
        else
        {
            foreach (var (name, type) in schema)
            {
                if (name == id || name == label)
                {
                    continue;
                }

                if (Sightline.Data.HeaderWords.LooksLikeId(name) || CoordinateNames.Contains(name))
                {
                    notes.Add($"skipped {name} (an id or a coordinate)");
                }
                else if (IsNumeric(type))
                {
                    numeric.Add(name);
                }
                else if (type == "VARCHAR" && autoCategoricals)
                {
                    text.Add(name);
                }
            }
        }

        var select = new List<string>
        {
            id is null ? "NULL::VARCHAR" : $"{Sql.Identifier(id)}::VARCHAR",
            label is null ? "NULL::VARCHAR" : $"{Sql.Identifier(label)}::VARCHAR",
        };
        select.AddRange(numeric.Select(n => $"TRY_CAST({Sql.Identifier(n)} AS DOUBLE)"));
        select.AddRange(text.Select(Sql.Identifier));
        var ids = new List<string>();
        var truth = new List<string>();
        var numericValues = numeric.Select(_ => new List<double>()).ToList();
        var nulls = new long[numeric.Count];
        var textValues = text.Select(_ => new List<string?>()).ToList();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {string.Join(", ", select)} FROM {relation}";
            using var reader = command.ExecuteReader();
            var row = 0L;
            while (reader.Read())
            {
                row++;
                ids.Add(reader.IsDBNull(0) ? row.ToString(CultureInfo.InvariantCulture) : reader.GetString(0));
                truth.Add(reader.IsDBNull(1) ? MissingLevel : reader.GetString(1));
                for (var c = 0; c < numeric.Count; c++)
                {
                    if (reader.IsDBNull(2 + c))
                    {
                        nulls[c]++;
                        numericValues[c].Add(double.NaN);
                    }
                    else
                    {
                        numericValues[c].Add(reader.GetDouble(2 + c));
                    }
                }

                for (var c = 0; c < text.Count; c++)
                {
                    textValues[c].Add(reader.IsDBNull(2 + numeric.Count + c) ? null : reader.GetString(2 + numeric.Count + c));
                }
            }
        }

        var n = ids.Count;
        var columns = new List<Column>();
        for (var c = 0; c < numeric.Count; c++)
        {
            if (PrepareNumeric(numeric[c], numericValues[c], nulls[c], options.ForceLog, sourceName, notes) is { } column)
            {
                columns.Add(column);
            }
        }

        for (var c = 0; c < text.Count; c++)
        {
            if (PrepareCategorical(text[c], textValues[c], named, sourceName, notes) is { } column)
            {
                columns.Add(column);
            }
        }

        if (columns.Count == 0)
        {
            throw new BadInputException(sourceName, n == 0
                ? "no rows to cluster"
                : n == 1 ? "1 row: clustering needs at least 2 (no column varies across one row)"
                : $"no usable feature columns (numbers with some variance, or text with 2..{MaxLevels} distinct values); columns: {string.Join(", ", schema.Select(s => $"{s.Key} {s.Value}"))}");
        }

        var dimensions = 0;
        foreach (var column in columns)
        {
            column.Offset = dimensions;
            dimensions += column.Kind == FeatureKind.Numeric ? 1 : column.Levels.Count;
        }

        var data = new double[n * dimensions];
        foreach (var column in columns)
        {
            for (var i = 0; i < n; i++)
            {
                if (column.Kind == FeatureKind.Numeric)
                {
                    data[(i * dimensions) + column.Offset] = (Transform(column, column.Values[i]) - column.TransformedMean) / column.TransformedStd;
                }
                else
                {
                    data[(i * dimensions) + column.Offset + column.LevelIndex[i]] = column.Weight;
                }
            }
        }

        return new FeatureMatrix
        {
            Data = data,
            Dimensions = dimensions,
            Rows = n,
            Columns = columns,
            Ids = [.. ids],
            Truth = label is null ? null : [.. truth],
            Notes = notes,
        };
    }

    public static double Transform(Column column, double value) => column.Transform == FeatureTransform.Log1p ? Math.Log(1 + value) : value;

    private static Column? PrepareNumeric(string name, List<double> values, long nulls, bool forceLog, string sourceName, List<string> notes)
    {
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        if (present.Length == 0)
        {
            notes.Add($"skipped {name} (no values)");
            return null;
        }

        Array.Sort(present);
        var median = present.Length % 2 == 1 ? present[present.Length / 2] : (present[(present.Length / 2) - 1] + present[present.Length / 2]) / 2;
        var filled = values.Select(v => double.IsNaN(v) ? median : v).ToArray();
        if (nulls > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {nulls:N0} missing values filled with the median ({median:G6})"));
        }

        var (mean, std, skew) = Moments(filled);
        if (std == 0)
        {
            notes.Add($"skipped {name} (the same value in every row)");
            return null;
        }

        var nonNegative = present[0] >= 0;
        if (forceLog && present[0] <= -1)
        {
            throw new BadInputException(new Diagnostic(sourceName, null, name, present[0].ToString(CultureInfo.InvariantCulture),
                "--log needs values above -1 (log(1 + x))"));
        }

        var column = new Column
        {
            Name = name,
            Kind = FeatureKind.Numeric,
            MissingFilled = nulls,
            Values = filled,
            Mean = mean,
            Skewness = skew,
            NonNegative = nonNegative,
            Transform = forceLog || (nonNegative && skew > 2) ? FeatureTransform.Log1p : FeatureTransform.None,
        };
        if (column.Transform == FeatureTransform.Log1p && !forceLog)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: log(1 + x) before standardising (skewness {skew:0.0})"));
        }

        var (tMean, tStd, _) = Moments(filled.Select(v => Transform(column, v)).ToArray());
        column.TransformedMean = tMean;
        column.TransformedStd = tStd > 0 ? tStd : 1;
        return column;
    }

    private static Column? PrepareCategorical(string name, List<string?> values, bool named, string sourceName, List<string> notes)
    {
        var missing = values.LongCount(v => v is null);
        var texts = values.Select(v => v ?? MissingLevel).ToArray();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in texts)
        {
            counts[t] = counts.GetValueOrDefault(t) + 1;
        }

        if (counts.Count < 2 || counts.Count > MaxLevels)
        {
            if (named && counts.Count > MaxLevels)
            {
                throw new BadInputException(new Diagnostic(sourceName, null, name, null,
                    $"not numeric, and has {counts.Count:N0} distinct values; a text feature needs 2..{MaxLevels}"));
            }

            notes.Add($"skipped {name} ({counts.Count:N0} distinct value{(counts.Count == 1 ? "" : "s")}; a text feature needs 2..{MaxLevels})");
            return null;
        }

        var column = new Column { Name = name, Kind = FeatureKind.Categorical, Transform = FeatureTransform.OneHot, MissingFilled = missing, Texts = texts };
        column.Levels.AddRange(counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key));
        var index = column.Levels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        column.LevelIndex = texts.Select(t => index[t]).ToArray();
        column.LevelShares = column.Levels.Select(l => counts[l] / (double)texts.Length).ToArray();
        // The indicators' variances add up to 1 - Σp²; scaling them to a total of 1 makes the column weigh like one standardised number.
        column.Weight = 1 / Math.Sqrt(1 - column.LevelShares.Sum(p => p * p));
        if (missing > 0)
        {
            notes.Add($"{name}: {missing:N0} missing values kept as the level \"{MissingLevel}\"");
        }

        return column;
    }

    private static (double Mean, double Std, double Skewness) Moments(double[] values)
    {
        var n = values.Length;
        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= n;
        double m2 = 0, m3 = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            m2 += d * d;
            m3 += d * d * d;
        }

        m2 /= n;
        m3 /= n;
        var std = Math.Sqrt(m2);
        // Relative to the mean's size, a tiny spread is rounding noise: treat the column as constant.
        if (std <= 1e-12 * Math.Max(1, Math.Abs(mean)))
        {
            return (mean, 0, 0);
        }

        return (mean, std, m3 / (m2 * std));
    }

    private static bool IsNumeric(string type) => NumericTypes.Contains(type) || type.StartsWith("DECIMAL", StringComparison.OrdinalIgnoreCase);


    private static Dictionary<string, string> Describe(DuckDBConnection connection, string relation)
    {
        var schema = new Dictionary<string, string>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM {relation}";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            schema[reader.GetString(0)] = reader.GetString(1);
        }

        return schema;
    }
}
