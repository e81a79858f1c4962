using System.Numerics;
using System.Runtime.InteropServices;

namespace Sightline.Segments.Clusters;

/// <summary>
/// k-means with greedy k-means++ seeding and Lloyd iterations, following scikit-learn's
/// <c>KMeans(algorithm="lloyd")</c>: relative tolerance, strict convergence when no label changes,
/// empty clusters refilled with the farthest rows, best of <c>NInit</c> runs.
/// </summary>
/// <remarks>
/// Rows are processed in fixed chunks whose partial sums are merged in chunk order, so the result
/// depends only on the data and the seed, not on the number of threads.
/// </remarks>
public static class KMeans
{
    private const int ChunkRows = 2048;

    /// <summary>Clusters <paramref name="data"/>, a row-major array of rows with <paramref name="dimensions"/> values each.</summary>
    /// <exception cref="ArgumentException">The array is not a whole number of rows, or has fewer rows than clusters.</exception>
    public static KMeansResult Fit(double[] data, int dimensions, KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (dimensions < 1 || data.Length % dimensions != 0)
        {
            throw new ArgumentException($"data has {data.Length} values, not a whole number of rows of {dimensions}", nameof(data));
        }

        var n = data.Length / dimensions;
        if (options.K < 1 || options.K > n)
        {
            throw new ArgumentException($"k = {options.K} needs between 1 and {n} (the row count)", nameof(options));
        }

        var state = new State(data, n, dimensions, options.K);
        var tolerance = MeanVariance(data, n, dimensions) * options.Tolerance;
        var random = new Random(options.Seed);
        int[]? bestLabels = null;
        double[]? bestCenters = null;
        var bestInertia = double.PositiveInfinity;
        var bestIterations = 0;
        for (var run = 0; run < Math.Max(1, options.NInit); run++)
        {
            var centers = state.SeedPlusPlus(new Random(random.Next()));
            var (labels, inertia, iterations) = state.Lloyd(centers, options.MaxIterations, tolerance);
            if (inertia < bestInertia)
            {
                bestInertia = inertia;
                bestLabels = labels;
                bestCenters = centers;
                bestIterations = iterations;
            }
        }

        return new KMeansResult(options.K, bestLabels!, bestCenters!, bestInertia, bestIterations);
    }

    private static double MeanVariance(double[] data, int n, int d)
    {
        var total = 0.0;
        for (var j = 0; j < d; j++)
        {
            double sum = 0, sumSq = 0;
            for (var i = 0; i < n; i++)
            {
                var v = data[(i * d) + j];
                sum += v;
                sumSq += v * v;
            }

            var mean = sum / n;
            total += Math.Max(0, (sumSq / n) - (mean * mean));
        }

        return total / d;
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var i = 0;
        var acc = Vector<double>.Zero;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            for (var v = 0; v < va.Length; v++)
            {
                acc += va[v] * vb[v];
            }

            i = va.Length * Vector<double>.Count;
        }

        var sum = Vector.Sum(acc);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private sealed class State
    {
        private readonly double[] _data;
        private readonly int _n;
        private readonly int _d;
        private readonly int _k;
        private readonly double[] _rowNorms;
        private readonly int _chunks;

        public State(double[] data, int n, int d, int k)
        {
            _data = data;
            _n = n;
            _d = d;
            _k = k;
            _chunks = (n + ChunkRows - 1) / ChunkRows;
            _rowNorms = new double[n];
            for (var i = 0; i < n; i++)
            {
                var row = data.AsSpan(i * d, d);
                _rowNorms[i] = Dot(row, row);
            }
        }

        private ReadOnlySpan<double> Row(int i) => _data.AsSpan(i * _d, _d);

        /// <summary>Greedy k-means++ (scikit-learn's): each new center is the best of 2 + ln k candidates drawn by squared distance.</summary>
        public double[] SeedPlusPlus(Random random)
        {
            var centers = new double[_k * _d];
            var trials = 2 + (int)Math.Log(_k);
            var first = random.Next(_n);
            Row(first).CopyTo(centers.AsSpan(0, _d));
            var closest = new double[_n];
            DistancesTo(first, closest, null);
            var potential = Sum(closest);
            var cumulative = new double[_n];
            var candidates = new int[trials];
            var candidateDistances = new double[trials][];
            for (var t = 0; t < trials; t++)
            {
                candidateDistances[t] = new double[_n];
            }

            for (var c = 1; c < _k; c++)
            {
                var running = 0.0;
                for (var i = 0; i < _n; i++)
                {
                    running += closest[i];
                    cumulative[i] = running;
                }

                for (var t = 0; t < trials; t++)
                {
                    var target = random.NextDouble() * potential;
                    var index = Array.BinarySearch(cumulative, target);
                    index = index >= 0 ? index : ~index;
                    candidates[t] = Math.Min(index, _n - 1);
                }

                var best = -1;
                var bestPotential = double.PositiveInfinity;
                CandidateDistances(candidates, candidateDistances, closest);
                for (var t = 0; t < trials; t++)
                {
                    var p = Sum(candidateDistances[t]);
                    if (p < bestPotential)
                    {
                        bestPotential = p;
                        best = t;
                    }
                }

                potential = bestPotential;
                (closest, candidateDistances[best]) = (candidateDistances[best], closest);
                Row(candidates[best]).CopyTo(centers.AsSpan(c * _d, _d));
            }

            return centers;
        }

        /// <summary>Squared distance of every row to row <paramref name="from"/>, capped by <paramref name="cap"/> when given.</summary>
        private void DistancesTo(int from, double[] target, double[]? cap)
        {
            var fromNorm = _rowNorms[from];
            Parallel.For(0, _chunks, chunk =>
            {
                var center = Row(from);
                var end = Math.Min(_n, (chunk + 1) * ChunkRows);
                for (var i = chunk * ChunkRows; i < end; i++)
                {
                    var dist = Math.Max(0, _rowNorms[i] + fromNorm - (2 * Dot(Row(i), center)));
                    target[i] = cap is null ? dist : Math.Min(dist, cap[i]);
                }
            });
        }

        /// <summary>Squared distances of every row to each candidate row, capped by the current closest distance; one pass over the rows.</summary>
        private void CandidateDistances(int[] candidates, double[][] targets, double[] cap)
        {
            Parallel.For(0, _chunks, chunk =>
            {
                var end = Math.Min(_n, (chunk + 1) * ChunkRows);
                for (var i = chunk * ChunkRows; i < end; i++)
                {
                    var row = Row(i);
                    for (var t = 0; t < candidates.Length; t++)
                    {
                        var from = candidates[t];
                        var dist = Math.Max(0, _rowNorms[i] + _rowNorms[from] - (2 * Dot(row, Row(from))));
                        targets[t][i] = Math.Min(dist, cap[i]);
                    }
                }
            });
        }

        private static double Sum(double[] values)
        {
            var sum = 0.0;
            for (var i = 0; i < values.Length; i++)
            {
                sum += values[i];
            }

            return sum;
        }

        public (int[] Labels, double Inertia, int Iterations) Lloyd(double[] centers, int maxIterations, double tolerance)
        {
            var labels = new int[_n];
            var distances = new double[_n];
            var sums = new double[_chunks * _k * _d];
            var counts = new long[_chunks * _k];
            var changed = new int[_chunks];
            var newCenters = new double[_k * _d];
            Array.Fill(labels, -1);
            var strict = false;
            var iterations = 0;
            for (var iteration = 0; iteration < maxIterations; iteration++)
            {
                iterations = iteration + 1;
                Assign(centers, labels, distances, sums, counts, changed);
                var totalChanged = 0;
                for (var c = 0; c < _chunks; c++)
                {
                    totalChanged += changed[c];
                }

                Update(centers, labels, distances, sums, counts, newCenters);
                var shift = 0.0;
                for (var j = 0; j < newCenters.Length; j++)
                {
                    var delta = newCenters[j] - centers[j];
                    shift += delta * delta;
                }

                Array.Copy(newCenters, centers, newCenters.Length);
                if (totalChanged == 0)
                {
                    strict = true;
                    break;
                }

                if (shift <= tolerance)
                {
                    break;
                }
            }

            if (!strict)
            {
                Assign(centers, labels, distances, null, null, changed);
            }

            var inertia = 0.0;
            for (var c = 0; c < _chunks; c++)
            {
                var end = Math.Min(_n, (c + 1) * ChunkRows);
                var part = 0.0;
                for (var i = c * ChunkRows; i < end; i++)
                {
                    part += SquaredDistance(Row(i), centers.AsSpan(labels[i] * _d, _d));
                }

                inertia += part;
            }

            return (labels, inertia, iterations);
        }

        private static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            var sum = 0.0;
            for (var j = 0; j < a.Length; j++)
            {
                var delta = a[j] - b[j];
                sum += delta * delta;
            }

            return sum;
        }

        /// <summary>Labels each row with its nearest center; with <paramref name="sums"/>, also adds rows into per-chunk center sums.</summary>
        private void Assign(double[] centers, int[] labels, double[] distances, double[]? sums, long[]? counts, int[] changed)
        {
            // Centers transposed and scaled by -2 (d rows of k, padded to whole vectors), so that a row's scores
            // ||c||² - 2 x·c for all centers build up with one vector multiply-add per feature, without horizontal sums.
            var width = Vector<double>.Count;
            var padded = (_k + width - 1) / width * width;
            var transposed = new double[_d * padded];
            var initial = new double[padded];
            Array.Fill(initial, double.PositiveInfinity);
            for (var c = 0; c < _k; c++)
            {
                var center = centers.AsSpan(c * _d, _d);
                initial[c] = Dot(center, center);
                for (var j = 0; j < _d; j++)
                {
                    transposed[(j * padded) + c] = -2 * center[j];
                }
            }

            Parallel.For(0, _chunks, chunk =>
            {
                var end = Math.Min(_n, (chunk + 1) * ChunkRows);
                var chunkSums = sums is null ? default : sums.AsSpan(chunk * _k * _d, _k * _d);
                var chunkCounts = counts is null ? default : counts.AsSpan(chunk * _k, _k);
                chunkSums.Clear();
                chunkCounts.Clear();
                Span<double> scores = stackalloc double[padded];
                var scoreVectors = MemoryMarshal.Cast<double, Vector<double>>(scores);
                var columns = MemoryMarshal.Cast<double, Vector<double>>(transposed.AsSpan());
                var start = MemoryMarshal.Cast<double, Vector<double>>(initial.AsSpan());
                var vectorsPerFeature = padded / width;
                var moved = 0;
                for (var i = chunk * ChunkRows; i < end; i++)
                {
                    var row = Row(i);
                    if (vectorsPerFeature <= 2)
                    {
                        // Up to two vectors of centers (k <= 2 x vector width): accumulate in registers, not in the stack buffer.
                        var s0 = start[0];
                        var s1 = vectorsPerFeature == 2 ? start[1] : Vector<double>.Zero;
                        for (var j = 0; j < _d; j++)
                        {
                            var x = new Vector<double>(row[j]);
                            s0 += x * columns[j * vectorsPerFeature];
                            if (vectorsPerFeature == 2)
                            {
                                s1 += x * columns[(j * 2) + 1];
                            }
                        }

                        scoreVectors[0] = s0;
                        if (vectorsPerFeature == 2)
                        {
                            scoreVectors[1] = s1;
                        }
                    }
                    else
                    {
                        start.CopyTo(scoreVectors);
                        for (var j = 0; j < _d; j++)
                        {
                            var x = new Vector<double>(row[j]);
                            var column = columns.Slice(j * vectorsPerFeature, vectorsPerFeature);
                            for (var v = 0; v < vectorsPerFeature; v++)
                            {
                                scoreVectors[v] += x * column[v];
                            }
                        }
                    }

                    var best = 0;
                    var bestScore = scores[0];
                    for (var c = 1; c < _k; c++)
                    {
                        if (scores[c] < bestScore)
                        {
                            bestScore = scores[c];
                            best = c;
                        }
                    }

                    if (labels[i] != best)
                    {
                        moved++;
                        labels[i] = best;
                    }

                    distances[i] = Math.Max(0, _rowNorms[i] + bestScore);
                    if (sums is not null)
                    {
                        chunkCounts[best]++;
                        var target = chunkSums.Slice(best * _d, _d);
                        for (var j = 0; j < _d; j++)
                        {
                            target[j] += row[j];
                        }
                    }
                }

                changed[chunk] = moved;
            });
        }

        private void Update(double[] oldCenters, int[] labels, double[] distances, double[] sums, long[] counts, double[] newCenters)
        {
            var totals = new double[_k * _d];
            var sizes = new long[_k];
            for (var chunk = 0; chunk < _chunks; chunk++)
            {
                for (var j = 0; j < totals.Length; j++)
                {
                    totals[j] += sums[(chunk * _k * _d) + j];
                }

                for (var c = 0; c < _k; c++)
                {
                    sizes[c] += counts[(chunk * _k) + c];
                }
            }

            var empty = new List<int>();
            for (var c = 0; c < _k; c++)
            {
                if (sizes[c] == 0)
                {
                    empty.Add(c);
                }
            }

            if (empty.Count > 0)
            {
                // Like scikit-learn: an empty cluster takes the row farthest from its center.
                var order = new int[_n];
                for (var i = 0; i < _n; i++)
                {
                    order[i] = i;
                }

                var keys = (double[])distances.Clone();
                Array.Sort(keys, order);
                for (var e = 0; e < empty.Count; e++)
                {
                    var row = order[_n - 1 - e];
                    var from = labels[row];
                    var to = empty[e];
                    for (var j = 0; j < _d; j++)
                    {
                        totals[(from * _d) + j] -= _data[(row * _d) + j];
                        totals[(to * _d) + j] = _data[(row * _d) + j];
                    }

                    sizes[from]--;
                    sizes[to] = 1;
                    labels[row] = to;
                }
            }

            for (var c = 0; c < _k; c++)
            {
                for (var j = 0; j < _d; j++)
                {
                    newCenters[(c * _d) + j] = sizes[c] > 0 ? totals[(c * _d) + j] / sizes[c] : oldCenters[(c * _d) + j];
                }
            }
        }
    }
}
