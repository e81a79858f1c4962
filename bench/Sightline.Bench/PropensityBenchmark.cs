using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sightline.Models;
using Sightline.Models.Evaluation;

using static Sightline.Bench.BenchSupport;

namespace Sightline.Bench;

/// <summary>
/// Sightline's gradient boosting against scikit-learn's <c>HistGradientBoostingClassifier</c> with the same settings
/// (100 trees, 31 leaves, rate 0.1, 20 rows per leaf), side by side in one run: on the bank-marketing file with the same
/// five stratified folds (AUC), and on a seeded 1M × 60 table (training and scoring time, held-out AUC).
/// </summary>
internal static class PropensityBenchmark
{
    public const int Folds = 5;
    public const int FoldSeed = 42;
    public const int HoldoutFold = 0;
    public const double AucTolerance = 0.01;
    public const double MaxTrainingSeconds = 30.0;
    public const double MaxScoringSeconds = 1.0;
    public const string BankLabel = "y";
    public static readonly string[] BankExcluded = ["duration"];

    /// <summary>Further fold seeds the bank comparison is repeated on, AUC only, to show how much the difference moves with the folds.</summary>
    public static readonly int[] SpreadSeeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    public static int Run(string root, string dataRoot, string output, int runs, string python)
    {
        var script = Path.Combine(root, "bench", "peers", "hgb_propensity.py");
        var bankPath = Path.Combine(Path.GetDirectoryName(root)!, "shared", "data", "bank-marketing", "bank.csv");
        if (!File.Exists(bankPath))
        {
            Console.Error.WriteLine($"the bank-marketing file is not at {bankPath} (the shared/ folder sits beside the checkout)");
            return BenchCommand.Usage;
        }

        var folder = Path.Combine(dataRoot, "propensity");
        Directory.CreateDirectory(folder);

        // Bank: Sightline reads the file and deals the folds; the peer reads them from the CSV written here.
        var (bank, notes) = FlatFile.Load(bankPath, BankLabel, BankExcluded, idColumn: null);
        var bankFolds = PropensityTrainer.StratifiedFolds(bank.Labels!, Folds, FoldSeed);
        var bankCsv = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"bank-folds-seed{FoldSeed}.csv"));
        PropensityCsv.Write(bank, bankFolds, bankCsv);
        var bankChecks = PropensityCsv.Checks(bank, bankFolds);
        var categorical = bank.Columns.Where(c => c.Kind == InputKind.Categorical).Select(c => c.Name).ToList();

        Console.WriteLine("generating the synthetic table ...");
        var synthetic = SyntheticPropensity.Generate();
        var syntheticFolds = PropensityTrainer.StratifiedFolds(synthetic.Labels!, Folds, FoldSeed);
        var syntheticCsv = Path.Combine(folder, SyntheticPropensity.FileName);
        if (!File.Exists(syntheticCsv))
        {
            Console.WriteLine($"writing {syntheticCsv} for the peer ...");
            PropensityCsv.Write(synthetic, syntheticFolds, syntheticCsv);
        }

        var syntheticChecks = PropensityCsv.Checks(synthetic, syntheticFolds);

        // Encoding is not timed (the peer's DataFrame-to-array conversion is not either).
        var encoder = FeatureEncoder.Fit(synthetic);
        var matrix = encoder.Encode(synthetic, SyntheticPropensity.FileName);
        var width = encoder.Width;
        var labels = synthetic.Labels!;
        var trainRows = Enumerable.Range(0, synthetic.Rows).Where(r => syntheticFolds[r] != HoldoutFold).ToArray();
        var holdoutRows = Enumerable.Range(0, synthetic.Rows).Where(r => syntheticFolds[r] == HoldoutFold).ToArray();

        WarmUp(matrix, width, labels);
        var loadBefore = LoadAverage();
        var bankRuns = new List<BankRun>();
        var syntheticRuns = new List<SyntheticRun>();
        var peerVersion = "unknown";
        var peerIterations = 0;
        BankSide? lastBank = null;
        PeerCv? lastPeerCv = null;
        var aucsRepeat = true;
        for (var run = 1; run <= runs; run++)
        {
            // Odd runs start with the peer, even runs with Sightline, on both data sets.
            var peerFirst = run % 2 == 1;
            var first = peerFirst ? "peer" : "sightline";

            PeerCv? peerCv = null;
            BankSide? ours = null;
            foreach (var peerTurn in peerFirst ? new[] { true, false } : [false, true])
            {
                if (peerTurn)
                {
                    peerCv = PeerCv.Parse(Peer(python, script, "cv", bankCsv, categorical, holdout: null));
                }
                else
                {
                    ours = SightlineBank(bank, bankFolds);
                }
            }

            if (Differences(bankChecks, peerCv!.Checks, "bank") is { } bankError)
            {
                Console.Error.WriteLine(bankError);
                return BenchCommand.WrongResults;
            }

            peerVersion = $"scikit-learn {peerCv.Sklearn}, numpy {peerCv.Numpy}, pandas {peerCv.Pandas}";
            if (lastBank is not null && (lastBank.Aucs.RawMean != ours!.Aucs.RawMean || lastBank.Aucs.CalibratedMean != ours.Aucs.CalibratedMean || lastPeerCv!.MeanFoldAuc != peerCv.MeanFoldAuc))
            {
                aucsRepeat = false;
            }

            lastBank = ours;
            lastPeerCv = peerCv;
            var bankRun = new BankRun(run, first, peerCv.FitSeconds, ours!.FitSeconds, ours.FitSeconds / peerCv.FitSeconds, ours.TrainerSeconds,
                peerCv.MeanFoldAuc, ours.Aucs.RawMean, ours.Aucs.CalibratedMean);
            bankRuns.Add(bankRun);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run} bank: peer fit {peerCv.FitSeconds:F3} s AUC {peerCv.MeanFoldAuc:F4}; sightline fit {ours.FitSeconds:F3} s AUC raw {ours.Aucs.RawMean:F4} calibrated {ours.Aucs.CalibratedMean:F4}; ratio {bankRun.FitRatio:F2}"));

            PeerFull? peerFull = null;
            (double Fit, double Score, double Auc, double PeakMb, int Trees)? side = null;
            foreach (var peerTurn in peerFirst ? new[] { true, false } : [false, true])
            {
                if (peerTurn)
                {
                    peerFull = PeerFull.Parse(Peer(python, script, "full", syntheticCsv, [], HoldoutFold));
                }
                else
                {
                    side = SightlineSynthetic(matrix, width, labels, trainRows, holdoutRows);
                }
            }

            if (Differences(syntheticChecks, peerFull!.Checks, "synthetic") is { } syntheticError)
            {
                Console.Error.WriteLine(syntheticError);
                Console.Error.WriteLine($"(delete {syntheticCsv} if the generator changed without a new revision)");
                return BenchCommand.WrongResults;
            }

            peerIterations = peerFull.Iterations;
            var s = side!.Value;
            var syntheticRun = new SyntheticRun(run, first, peerFull.FitSeconds, s.Fit, s.Fit / peerFull.FitSeconds, peerFull.PredictSeconds, s.Score,
                s.Score / peerFull.PredictSeconds, peerFull.Auc, s.Auc, peerFull.PeakRssMb, s.PeakMb);
            syntheticRuns.Add(syntheticRun);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run} synthetic: train peer {peerFull.FitSeconds:F2} s, sightline {s.Fit:F2} s (ratio {syntheticRun.FitRatio:F2}); score peer {peerFull.PredictSeconds:F3} s, sightline {s.Score:F3} s (ratio {syntheticRun.ScoreRatio:F2}); held-out AUC peer {peerFull.Auc:F4}, sightline {s.Auc:F4}"));
        }

        Console.WriteLine($"bank on other fold seeds ({string.Join(", ", SpreadSeeds)}), AUC only ...");
        var seedRows = new List<BankSeedRow> { SeedRow(FoldSeed, bank, folder, python, script, categorical) };
        seedRows.AddRange(SpreadSeeds.Select(seed => SeedRow(seed, bank, folder, python, script, categorical)));
        foreach (var row in seedRows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  seed {row.Seed}: peer {row.PeerMeanFoldAuc:F4} (one-hot {row.PeerOneHotMeanFoldAuc:F4}), sightline raw {row.SightlineRawMeanFoldAuc:F4} calibrated {row.SightlineCalibratedMeanFoldAuc:F4}"));
        }

        var b = lastBank!.Aucs;
        var p = lastPeerCv!;
        var bankResult = new BankResult(Path.GetFileName(bankPath), bank.Rows, bankChecks.Positives, bank.Columns.Count, categorical, notes, FoldSeed,
            p.FoldAuc, p.MeanFoldAuc, p.PooledAuc, b.RawFoldAuc, b.RawMean, b.RawPooled, b.CalibratedFoldAuc, b.CalibratedMean, b.CalibratedPooled, aucsRepeat,
            bankRuns, Median(bankRuns.Select(r => r.PeerFitSeconds)), Median(bankRuns.Select(r => r.SightlineFitSeconds)), Median(bankRuns.Select(r => r.FitRatio)),
            Median(bankRuns.Select(r => r.SightlineTrainerSeconds)), seedRows,
            Spread(seedRows.Select(r => r.SightlineRawMeanFoldAuc - r.PeerMeanFoldAuc)), Spread(seedRows.Select(r => r.SightlineCalibratedMeanFoldAuc - r.PeerMeanFoldAuc)),
            Spread(seedRows.Select(r => r.PeerOneHotMeanFoldAuc - r.PeerMeanFoldAuc)), Spread(seedRows.Select(r => r.SightlineRawMeanFoldAuc - r.PeerOneHotMeanFoldAuc)));
        var syntheticResult = new SyntheticResult(SyntheticPropensity.FileName, synthetic.Rows, SyntheticPropensity.Columns, syntheticChecks.Positives, syntheticChecks.Missing,
            trainRows.Length, holdoutRows.Length, SyntheticPropensity.Seed, syntheticRuns,
            Median(syntheticRuns.Select(r => r.PeerFitSeconds)), Median(syntheticRuns.Select(r => r.SightlineFitSeconds)), Median(syntheticRuns.Select(r => r.FitRatio)),
            Median(syntheticRuns.Select(r => r.PeerScoreSeconds)), Median(syntheticRuns.Select(r => r.SightlineScoreSeconds)), Median(syntheticRuns.Select(r => r.ScoreRatio)),
            Median(syntheticRuns.Select(r => r.PeerAuc)), Median(syntheticRuns.Select(r => r.SightlineAuc)), peerIterations, new BoostingOptions().Trees, new BoostingOptions().ThreadsFor(trainRows.Length));

        var targets = Targets(bankResult, syntheticResult);
        var result = new PropensityBenchResult(DateTimeOffset.UtcNow, ImportBenchmark.Machine(), loadBefore, LoadAverage(), peerVersion, runs, bankResult, syntheticResult, targets);
        PropensityReport.Write(result, output);
        Console.WriteLine($"wrote {output} and {Path.ChangeExtension(output, ".json")}");
        foreach (var target in targets.Where(t => !t.Pass))
        {
            Console.Error.WriteLine($"MISSED: {target.Target}: {target.Measured}");
        }

        return targets.Any(t => t.Kind == "quality" && !t.Pass) ? BenchCommand.WrongResults
            : targets.Any(t => !t.Pass) ? BenchCommand.TargetMissed
            : BenchCommand.Ok;
    }

    private static List<PropensityTarget> Targets(BankResult bank, SyntheticResult synthetic)
    {
        string Auc(double ours, double peer) => string.Create(CultureInfo.InvariantCulture, $"Sightline {ours:F4}, peer {peer:F4} (difference {PropensityReport.Signed(ours - peer)})");
        return
        [
            new("bank: mean fold AUC of the raw out-of-fold scores ≥ peer − 0.01", "quality", Auc(bank.SightlineRawMeanFoldAuc, bank.PeerMeanFoldAuc),
                bank.SightlineRawMeanFoldAuc >= bank.PeerMeanFoldAuc - AucTolerance),
            new("bank: mean fold AUC of the calibrated out-of-fold probabilities ≥ peer − 0.01", "quality", Auc(bank.SightlineCalibratedMeanFoldAuc, bank.PeerMeanFoldAuc),
                bank.SightlineCalibratedMeanFoldAuc >= bank.PeerMeanFoldAuc - AucTolerance),
            new("synthetic: held-out AUC ≥ peer − 0.01", "quality", Auc(synthetic.MedianSightlineAuc, synthetic.MedianPeerAuc),
                synthetic.MedianSightlineAuc >= synthetic.MedianPeerAuc - AucTolerance),
            new(string.Create(CultureInfo.InvariantCulture, $"synthetic: training under {MaxTrainingSeconds:0} s"), "speed",
                string.Create(CultureInfo.InvariantCulture, $"{synthetic.MedianSightlineFitSeconds:F2} s"), synthetic.MedianSightlineFitSeconds < MaxTrainingSeconds),
            new("synthetic: training no slower than the peer", "speed",
                string.Create(CultureInfo.InvariantCulture, $"ratio {synthetic.MedianFitRatio:F2} (Sightline {synthetic.MedianSightlineFitSeconds:F2} s, peer {synthetic.MedianPeerFitSeconds:F2} s)"),
                synthetic.MedianFitRatio <= 1.0),
            new(string.Create(CultureInfo.InvariantCulture, $"synthetic: scoring 1M rows under {MaxScoringSeconds:0} s"), "speed",
                string.Create(CultureInfo.InvariantCulture, $"{synthetic.MedianSightlineScoreSeconds:F3} s (peer {synthetic.MedianPeerScoreSeconds:F3} s, ratio {synthetic.MedianScoreRatio:F2})"),
                synthetic.MedianSightlineScoreSeconds < MaxScoringSeconds),
        ];
    }

    private sealed record BankSide(double FitSeconds, double TrainerSeconds, TrainerAucs Aucs);

    /// <summary>AUCs of one <c>PropensityTrainer.Train</c> on given folds: raw (the fold models' log-odds) and calibrated.</summary>
    private sealed record TrainerAucs(double[] RawFoldAuc, double RawPooled, double[] CalibratedFoldAuc, double CalibratedPooled)
    {
        public double RawMean => RawFoldAuc.Average();

        public double CalibratedMean => CalibratedFoldAuc.Average();
    }

    /// <summary>
    /// The trainer as the product runs it (AUCs from its raw and calibrated out-of-fold outputs), and, for the time ratio,
    /// the five fold fits alone as the peer times them.
    /// </summary>
    private static BankSide SightlineBank(TabularData data, int[] fold)
    {
        var encoder = FeatureEncoder.Fit(data);
        var matrix = encoder.Encode(data, "bank.csv");
        var fitSeconds = 0.0;
        for (var k = 0; k < Folds; k++)
        {
            var train = Enumerable.Range(0, data.Rows).Where(r => fold[r] != k).ToArray();
            var started = Stopwatch.GetTimestamp();
            GradientBoosting.TrainBinary(matrix, encoder.Width, train, data.Labels!, new BoostingOptions());
            fitSeconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
        }

        var clock = Stopwatch.StartNew();
        var trained = PropensityTrainer.Train(data, new PropensityOptions { Folds = Folds }, "bank.csv", fold);
        var trainerSeconds = clock.Elapsed.TotalSeconds;
        return new BankSide(fitSeconds, trainerSeconds, Aucs(data, fold, trained));
    }

    private static TrainerAucs Aucs(TabularData data, int[] fold, PropensityResult trained)
    {
        // Raw out-of-fold scores: each row scored by the fold model that did not see it (the scores the calibration was fitted on).
        var labels = data.Labels!;
        var width = trained.Model.Encoder.Width;
        var encoded = trained.Model.Encoder.Encode(data, "bank.csv");
        var raw = new double[data.Rows];
        for (var r = 0; r < data.Rows; r++)
        {
            raw[r] = SyntheticPropensity.Sigmoid(trained.FoldTrees[trained.Fold[r]].Score(new ReadOnlySpan<float>(encoded, r * width, width)));
        }

        return new TrainerAucs(FoldAucs(raw, labels, fold), BinaryMetrics.Compute(raw, labels).Auc, FoldAucs(trained.OutOfFoldLabelled, labels, fold), trained.Metrics.Auc);
    }

    /// <summary>
    /// Mean fold AUCs of both sides on other fold seeds (untimed), and of the peer given Sightline's one-hot encoding:
    /// on 4.5k rows the difference moves with the folds, and the one-hot column shows how much of it is the encoding.
    /// </summary>
    private static BankSeedRow SeedRow(int seed, TabularData data, string folder, string python, string script, IReadOnlyList<string> categorical)
    {
        var fold = PropensityTrainer.StratifiedFolds(data.Labels!, Folds, seed);
        var csv = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"bank-folds-seed{seed}.csv"));
        PropensityCsv.Write(data, fold, csv);
        var native = PeerCv.Parse(Peer(python, script, "cv", csv, categorical, holdout: null));
        var oneHot = PeerCv.Parse(Peer(python, script, "cv", csv, categorical, holdout: null, oneHot: true));
        var ours = Aucs(data, fold, PropensityTrainer.Train(data, new PropensityOptions { Folds = Folds }, "bank.csv", fold));
        return new BankSeedRow(seed, native.MeanFoldAuc, oneHot.MeanFoldAuc, ours.RawMean, ours.CalibratedMean);
    }

    private static double[] FoldAucs(double[] probabilities, bool[] labels, int[] fold) =>
        Enumerable.Range(0, fold.Max() + 1).Select(k =>
        {
            var rows = Enumerable.Range(0, fold.Length).Where(r => fold[r] == k).ToArray();
            return BinaryMetrics.Compute(rows.Select(r => probabilities[r]).ToArray(), rows.Select(r => labels[r]).ToArray()).Auc;
        }).ToArray();

    private static (double Fit, double Score, double Auc, double PeakMb, int Trees) SightlineSynthetic(float[] matrix, int width, bool[] labels, int[] trainRows, int[] holdoutRows)
    {
        Collect();
        double fit, peak;
        TreeEnsemble trees;
        using (var sampler = MemorySampler.Start())
        {
            var started = Stopwatch.GetTimestamp();
            trees = GradientBoosting.TrainBinary(matrix, width, trainRows, labels, new BoostingOptions());
            fit = Stopwatch.GetElapsedTime(started).TotalSeconds;
            peak = sampler.StopPeakMb();
        }

        Collect();
        var scoring = Stopwatch.GetTimestamp();
        var scores = trees.Score(matrix, width);
        var score = Stopwatch.GetElapsedTime(scoring).TotalSeconds;
        var auc = BinaryMetrics.Compute(holdoutRows.Select(r => SyntheticPropensity.Sigmoid(scores[r])).ToArray(), holdoutRows.Select(r => labels[r]).ToArray()).Auc;
        return (fit, score, auc, peak, trees.Trees);
    }

    /// <summary>JIT and native-library load on a slice, untimed: the peer's code is compiled ahead of time.</summary>
    private static void WarmUp(float[] matrix, int width, bool[] labels)
    {
        const int Rows = 20_000;
        var slice = matrix[..(Rows * width)];
        var trees = GradientBoosting.TrainBinary(slice, width, Enumerable.Range(0, Rows).ToArray(), labels, new BoostingOptions { Trees = 10 });
        trees.Score(slice, width);
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static string? Differences(DataChecks ours, DataChecks peer, string what)
    {
        var differences = ours.Differences(peer);
        return differences.Count == 0 ? null
            : $"FAIL: the peer read different {what} data from Sightline's:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", differences.Take(10))}";
    }

    private static JsonElement Peer(string python, string script, string mode, string csv, IReadOnlyList<string> categorical, int? holdout, bool oneHot = false)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(csv);
        start.ArgumentList.Add("--label");
        start.ArgumentList.Add(PropensityCsv.Label);
        start.ArgumentList.Add("--fold");
        start.ArgumentList.Add(PropensityCsv.Fold);
        if (categorical.Count > 0)
        {
            start.ArgumentList.Add("--categorical");
            start.ArgumentList.Add(string.Join(",", categorical));
        }

        if (oneHot)
        {
            start.ArgumentList.Add("--encoding");
            start.ArgumentList.Add("onehot");
        }

        if (holdout is { } k)
        {
            start.ArgumentList.Add("--holdout");
            start.ArgumentList.Add(k.ToString(CultureInfo.InvariantCulture));
        }

        return RunPeer(start, "python3-sklearn and python3-pandas");
    }

    private sealed record PeerCv(double FitSeconds, double[] FoldAuc, double MeanFoldAuc, double PooledAuc, DataChecks Checks, string Sklearn, string Numpy, string Pandas)
    {
        public static PeerCv Parse(JsonElement root) => new(
            root.GetProperty("fit_seconds").GetDouble(),
            [.. root.GetProperty("folds").EnumerateArray().Select(f => f.GetProperty("auc").GetDouble())],
            root.GetProperty("mean_fold_auc").GetDouble(), root.GetProperty("pooled_auc").GetDouble(), ParseChecks(root),
            root.GetProperty("sklearn").GetString() ?? "?", root.GetProperty("numpy").GetString() ?? "?", root.GetProperty("pandas").GetString() ?? "?");
    }

    private sealed record PeerFull(double FitSeconds, double PredictSeconds, double Auc, int Iterations, double PeakRssMb, DataChecks Checks)
    {
        public static PeerFull Parse(JsonElement root) => new(
            root.GetProperty("fit_seconds").GetDouble(), root.GetProperty("predict_seconds").GetDouble(), root.GetProperty("auc").GetDouble(),
            root.GetProperty("iterations").GetInt32(), root.GetProperty("peak_rss_mb").GetDouble(), ParseChecks(root));
    }

    private static DataChecks ParseChecks(JsonElement root)
    {
        var c = root.GetProperty("checks");
        return new DataChecks(c.GetProperty("rows").GetInt32(), c.GetProperty("features").GetInt32(), c.GetProperty("positives").GetInt32(),
            c.GetProperty("missing").GetInt32(),
            c.GetProperty("fold_rows").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal),
            c.GetProperty("numeric_sums").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal));
    }

    private static DifferenceSpread Spread(IEnumerable<double> differences)
    {
        var values = differences.ToArray();
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        return new DifferenceSpread(mean, sd, values.Min(), values.Max(), values.Count(v => v < -AucTolerance));
    }
}
