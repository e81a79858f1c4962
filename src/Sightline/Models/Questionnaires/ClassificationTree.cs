namespace Sightline.Models.Questionnaires;

/// <summary>
/// A CART classification tree (Breiman, Friedman, Olshen and Stone): binary splits chosen by the
/// largest drop in Gini impurity, grown to a maximum depth. A number splits only at round thresholds
/// (two significant digits at most) between two neighbouring values; a category splits into a set of
/// levels against the rest (two classes: the best prefix of the levels ordered by class share, which
/// is optimal; more classes: levels moved over one at a time, greedily). A missing value ("don't
/// know") follows the child with more non-missing accounts, and is counted there when a split is
/// scored. A split needs at least the minimum leaf size on each side and must lower the impurity. Two
/// answers that agree are merged back into their parent, so no question is asked whose answer
/// changes nothing.
/// </summary>
internal sealed class ClassificationTree
{
    /// <summary>A category with more distinct values than this is not something a rep can pick from.</summary>
    public const int MaxLevels = 500;

    private readonly TrainingSet _data;
    private readonly int _maxDepth;
    private readonly int _minLeaf;
    private readonly int _classes;

    // Which side each row of the node being split goes to; rows of other nodes are never read.
    private readonly bool[] _goesYes;

    private ClassificationTree(TrainingSet data, int maxDepth, int minLeaf)
    {
        _data = data;
        _maxDepth = maxDepth;
        _minLeaf = Math.Max(1, minLeaf);
        _classes = data.ClassNames.Count;
        _goesYes = new bool[data.Rows];
    }

    /// <summary>Grows a tree on the given rows (ascending row numbers); the result has no question numbers yet.</summary>
    public static QuestionNode Fit(TrainingSet data, IReadOnlyList<int> rows, int maxDepth, int minLeaf)
    {
        var tree = new ClassificationTree(data, maxDepth, minLeaf);
        var sorted = data.Columns.Select(c => c.IsNumber ? SortByValue(c.Numbers!, rows) : null).ToArray();
        return tree.Grow([.. rows], sorted, 0);
    }

    /// <summary>The rows with a value, in ascending value order; each node keeps its own share of this order.</summary>
    private static int[] SortByValue(double[] values, IReadOnlyList<int> rows)
    {
        var present = rows.Where(r => !double.IsNaN(values[r])).ToArray();
        var keys = present.Select(r => values[r]).ToArray();
        Array.Sort(keys, present);
        return present;
    }

    private QuestionNode Grow(int[] rows, int[]?[] sorted, int depth)
    {
        var counts = new int[_classes];
        foreach (var row in rows)
        {
            counts[_data.Classes[row]]++;
        }

        var leaf = Leaf(counts, rows.Length);
        if (depth >= _maxDepth || rows.Length < 2 * _minLeaf || counts.Count(c => c > 0) < 2)
        {
            return leaf;
        }

        Split? best = null;
        for (var column = 0; column < _data.Columns.Count; column++)
        {
            var split = _data.Columns[column].IsNumber
                ? BestNumberSplit(column, sorted[column]!, counts, rows.Length)
                : BestCategorySplit(column, rows, counts);
            if (split is not null && (best is null || split.Gain > best.Gain))
            {
                best = split;
            }
        }

        if (best is null)
        {
            return leaf;
        }

        foreach (var row in rows)
        {
            _goesYes[row] = GoesYes(best, row);
        }

        var yesRows = rows.Where(r => _goesYes[r]).ToArray();
        var noRows = rows.Where(r => !_goesYes[r]).ToArray();
        var yesSorted = sorted.Select(s => s?.Where(r => _goesYes[r]).ToArray()).ToArray();
        var noSorted = sorted.Select(s => s?.Where(r => !_goesYes[r]).ToArray()).ToArray();
        var yes = Grow(yesRows, yesSorted, depth + 1);
        var no = Grow(noRows, noSorted, depth + 1);
        if (yes.IsLeaf && no.IsLeaf && yes.Prediction == no.Prediction)
        {
            return leaf;
        }

        var asked = _data.Columns[best.Column];
        return leaf with
        {
            Column = asked.Name,
            Kind = asked.Kind,
            Threshold = asked.IsNumber ? best.Threshold : null,
            Levels = best.YesLevels is { } levels ? [.. asked.Levels.Where((_, i) => levels[i])] : null,
            DontKnow = best.DontKnow,
            Yes = yes,
            No = no,
        };
    }

    private bool GoesYes(Split split, int row)
    {
        var column = _data.Columns[split.Column];
        if (column.IsMissing(row))
        {
            return split.DontKnow == Branch.Yes;
        }

        return column.IsNumber ? column.Numbers![row] > split.Threshold : split.YesLevels![column.Codes![row]];
    }

    /// <summary>The most common class (ties: the first in name order) and its share.</summary>
    private QuestionNode Leaf(int[] counts, int n)
    {
        var best = 0;
        for (var c = 1; c < _classes; c++)
        {
            if (counts[c] > counts[best])
            {
                best = c;
            }
        }

        return new QuestionNode { Prediction = _data.ClassNames[best], Share = n == 0 ? 0 : (double)counts[best] / n, Count = n };
    }

    /// <summary>Numbers: every boundary between two distinct neighbouring values with a round number in between; yes means "more than".</summary>
    private Split? BestNumberSplit(int column, int[] sorted, int[] counts, int n)
    {
        if (sorted.Length < 2)
        {
            return null;
        }

        var values = _data.Columns[column].Numbers!;
        var above = new int[_classes];
        foreach (var row in sorted)
        {
            above[_data.Classes[row]]++;
        }

        var missing = counts.Select((count, c) => count - above[c]).ToArray();
        var nMissing = n - sorted.Length;
        var below = new int[_classes];
        var parent = Impurity(counts, n);
        var bestGain = MinGain(n);
        var bestThreshold = double.NaN;
        var bestDontKnow = Branch.No;
        for (var i = 0; i < sorted.Length - 1; i++)
        {
            var c = _data.Classes[sorted[i]];
            below[c]++;
            above[c]--;
            if (values[sorted[i]] == values[sorted[i + 1]])
            {
                continue;
            }

            // Only boundaries with a round number between the neighbours are candidates: the question must read well.
            var score = Score(above, sorted.Length - i - 1, below, i + 1, missing, nMissing, parent);
            if (score.Valid && score.Gain > bestGain && RoundNumber.Between(values[sorted[i]], values[sorted[i + 1]]) is { } threshold)
            {
                (bestGain, bestThreshold, bestDontKnow) = (score.Gain, threshold, score.DontKnow);
            }
        }

        return double.IsNaN(bestThreshold) ? null : new Split(column, bestGain, bestThreshold, null, bestDontKnow);
    }

    /// <summary>Categories: a set of levels against the rest.</summary>
    private Split? BestCategorySplit(int column, int[] rows, int[] counts)
    {
        var asked = _data.Columns[column];
        var levels = asked.Levels.Count;
        var table = new int[levels * _classes];
        var levelTotals = new int[levels];
        var missing = (int[])counts.Clone();
        var nMissing = rows.Length;
        foreach (var row in rows)
        {
            var code = asked.Codes![row];
            if (code >= 0)
            {
                var c = _data.Classes[row];
                table[(code * _classes) + c]++;
                levelTotals[code]++;
                missing[c]--;
                nMissing--;
            }
        }

        var present = Enumerable.Range(0, levels).Where(l => levelTotals[l] > 0).ToArray();
        if (present.Length < 2)
        {
            return null;
        }

        var search = new LevelSearch(this, asked, table, levelTotals, present, counts, missing, nMissing, Impurity(counts, rows.Length), MinGain(rows.Length));
        var best = _classes == 2 ? search.OrderedPrefixes() : search.Greedy();
        return best is { } found ? new Split(column, found.Gain, double.NaN, found.YesLevels, found.DontKnow) : null;
    }

    /// <summary>A drop smaller than this is rounding noise: no real improvement.</summary>
    private static double MinGain(int n) => 1e-9 * n;

    /// <summary>n × Gini impurity = n − Σ count² / n.</summary>
    private static double Impurity(int[] counts, int n)
    {
        if (n == 0)
        {
            return 0;
        }

        double squares = 0;
        foreach (var c in counts)
        {
            squares += (double)c * c;
        }

        return n - (squares / n);
    }

    /// <summary>Scores a split of the node's non-missing rows; the missing rows join the larger side (a tie: no).</summary>
    private SplitScore Score(int[] yes, int nYes, int[] no, int nNo, int[] missing, int nMissing, double parent)
    {
        var dontKnow = nYes > nNo ? Branch.Yes : Branch.No;
        var toYes = dontKnow == Branch.Yes;
        double yesSquares = 0;
        double noSquares = 0;
        for (var c = 0; c < _classes; c++)
        {
            double y = yes[c] + (toYes ? missing[c] : 0);
            double o = no[c] + (toYes ? 0 : missing[c]);
            yesSquares += y * y;
            noSquares += o * o;
        }

        var yesTotal = nYes + (toYes ? nMissing : 0);
        var noTotal = nNo + (toYes ? 0 : nMissing);
        var children = (yesTotal == 0 ? 0 : yesTotal - (yesSquares / yesTotal)) + (noTotal == 0 ? 0 : noTotal - (noSquares / noTotal));
        var valid = nYes > 0 && nNo > 0 && yesTotal >= _minLeaf && noTotal >= _minLeaf;
        return new SplitScore(parent - children, valid, dontKnow);
    }

    private readonly record struct SplitScore(double Gain, bool Valid, Branch DontKnow);

    private sealed record Split(int Column, double Gain, double Threshold, bool[]? YesLevels, Branch DontKnow);

    private sealed record LevelSplit(double Gain, bool[] YesLevels, Branch DontKnow);

    /// <summary>The search over level sets of one category in one node.</summary>
    private sealed class LevelSearch(
        ClassificationTree tree, AskableColumn column, int[] table, int[] levelTotals, int[] present, int[] counts, int[] missing, int nMissing,
        double parent, double minGain)
    {
        private readonly int _classes = tree._classes;
        private readonly int[] _rest = new int[tree._classes];
        private readonly int _answered = counts.Sum() - nMissing;
        private readonly int _trueLevel = column.Kind == AnswerKind.YesNo ? IndexOf(column.Levels, "true") : -1;

        /// <summary>Two classes: levels ordered by their share of the second class; the best split is a prefix of that order.</summary>
        public LevelSplit? OrderedPrefixes()
        {
            var ordered = present.OrderBy(l => (double)table[(l * _classes) + 1] / levelTotals[l]).ThenBy(l => l).ToArray();
            var inSet = new bool[levelTotals.Length];
            var set = new int[_classes];
            var setSize = 0;
            LevelSplit? best = null;
            for (var k = 0; k < ordered.Length - 1; k++)
            {
                Add(ordered[k], inSet, set, ref setSize);
                var (score, setIsYes) = Evaluate(inSet, set, setSize, k + 1);
                if (score.Valid && score.Gain > (best?.Gain ?? minGain))
                {
                    best = Snapshot(score, inSet, setIsYes);
                }
            }

            return best;
        }

        /// <summary>More classes: start from no level, add the level that scores best, keep the best set seen on the way.</summary>
        public LevelSplit? Greedy()
        {
            var inSet = new bool[levelTotals.Length];
            var set = new int[_classes];
            var setSize = 0;
            var trial = new int[_classes];
            LevelSplit? best = null;
            for (var step = 1; step < present.Length; step++)
            {
                var chosen = -1;
                var chosenGain = double.NegativeInfinity;
                foreach (var level in present.Where(l => !inSet[l]))
                {
                    for (var c = 0; c < _classes; c++)
                    {
                        trial[c] = set[c] + table[(level * _classes) + c];
                    }

                    inSet[level] = true;
                    var (score, _) = Evaluate(inSet, trial, setSize + levelTotals[level], step);
                    inSet[level] = false;
                    if (score.Gain > chosenGain)
                    {
                        (chosen, chosenGain) = (level, score.Gain);
                    }
                }

                Add(chosen, inSet, set, ref setSize);
                var (kept, setIsYes) = Evaluate(inSet, set, setSize, step);
                if (kept.Valid && kept.Gain > (best?.Gain ?? minGain))
                {
                    best = Snapshot(kept, inSet, setIsYes);
                }
            }

            return best;
        }

        private void Add(int level, bool[] inSet, int[] set, ref int setSize)
        {
            inSet[level] = true;
            for (var c = 0; c < _classes; c++)
            {
                set[c] += table[(level * _classes) + c];
            }

            setSize += levelTotals[level];
        }

        /// <summary>
        /// Scores "level in set" against the rest, with the question asked about the side a rep reads
        /// more easily: yes/no columns ask about true; otherwise the side with fewer levels (a tie: the
        /// side holding the first level).
        /// </summary>
        private (SplitScore Score, bool SetIsYes) Evaluate(bool[] inSet, int[] set, int setSize, int setLevels)
        {
            var restLevels = present.Length - setLevels;
            var setIsYes = _trueLevel >= 0 ? inSet[_trueLevel] : setLevels != restLevels ? setLevels < restLevels : inSet[present[0]];
            for (var c = 0; c < _classes; c++)
            {
                _rest[c] = counts[c] - missing[c] - set[c];
            }

            var restSize = _answered - setSize;
            var score = setIsYes
                ? tree.Score(set, setSize, _rest, restSize, missing, nMissing, parent)
                : tree.Score(_rest, restSize, set, setSize, missing, nMissing, parent);
            return (score, setIsYes);
        }

        private LevelSplit Snapshot(SplitScore score, bool[] inSet, bool setIsYes)
        {
            var yes = new bool[inSet.Length];
            foreach (var level in present)
            {
                yes[level] = inSet[level] == setIsYes;
            }

            return new LevelSplit(score.Gain, yes, score.DontKnow);
        }

        private static int IndexOf(IReadOnlyList<string> levels, string level)
        {
            for (var i = 0; i < levels.Count; i++)
            {
                if (levels[i] == level)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
