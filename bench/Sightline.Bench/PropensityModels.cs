namespace Sightline.Bench;

/// <summary>One run of both sides on the bank folds.</summary>
/// <param name="Run">1-based run number.</param>
/// <param name="First">The side that went first ("peer" or "sightline").</param>
/// <param name="PeerFitSeconds">The peer's five fold fits, summed (predict excluded).</param>
/// <param name="SightlineFitSeconds">Sightline's five fold fits (<c>GradientBoosting.TrainBinary</c>), summed (scoring excluded).</param>
/// <param name="FitRatio">Sightline fit seconds / peer fit seconds.</param>
/// <param name="SightlineTrainerSeconds">The whole <c>PropensityTrainer.Train</c>: encoding, five fold models, calibration and the final model on all rows.</param>
/// <param name="PeerMeanFoldAuc">Mean over folds of the AUC of the peer's predicted probabilities.</param>
/// <param name="SightlineRawMeanFoldAuc">The same for Sightline's raw out-of-fold scores (the fold models' log-odds).</param>
/// <param name="SightlineCalibratedMeanFoldAuc">The same for Sightline's calibrated out-of-fold probabilities.</param>
internal sealed record BankRun(int Run, string First, double PeerFitSeconds, double SightlineFitSeconds, double FitRatio, double SightlineTrainerSeconds,
    double PeerMeanFoldAuc, double SightlineRawMeanFoldAuc, double SightlineCalibratedMeanFoldAuc);

/// <summary>Mean fold AUCs of both sides on one fold seed; <paramref name="PeerOneHotMeanFoldAuc"/> is the peer given Sightline's one-hot encoding.</summary>
internal sealed record BankSeedRow(int Seed, double PeerMeanFoldAuc, double PeerOneHotMeanFoldAuc, double SightlineRawMeanFoldAuc, double SightlineCalibratedMeanFoldAuc);

/// <summary>A difference of mean fold AUCs over the fold seeds: mean, sample standard deviation, range, and how many seeds fall below −0.01.</summary>
internal sealed record DifferenceSpread(double Mean, double Sd, double Min, double Max, int BelowTolerance);

/// <summary>The bank data set as measured; AUCs are those of the last run (they repeat from run to run unless noted).</summary>
internal sealed record BankResult(string File, int Rows, int Positives, int Features, IReadOnlyList<string> Categorical, IReadOnlyList<string> Notes, int FoldSeed,
    IReadOnlyList<double> PeerFoldAuc, double PeerMeanFoldAuc, double PeerPooledAuc,
    IReadOnlyList<double> SightlineRawFoldAuc, double SightlineRawMeanFoldAuc, double SightlineRawPooledAuc,
    IReadOnlyList<double> SightlineCalibratedFoldAuc, double SightlineCalibratedMeanFoldAuc, double SightlineCalibratedPooledAuc,
    bool AucsRepeat, IReadOnlyList<BankRun> Runs, double MedianPeerFitSeconds, double MedianSightlineFitSeconds, double MedianFitRatio, double MedianSightlineTrainerSeconds,
    IReadOnlyList<BankSeedRow> FoldSeeds, DifferenceSpread RawMinusPeer, DifferenceSpread CalibratedMinusPeer, DifferenceSpread PeerOneHotMinusPeer, DifferenceSpread RawMinusPeerOneHot);

/// <summary>One run of both sides on the synthetic table.</summary>
/// <param name="Run">1-based run number.</param>
/// <param name="First">The side that went first ("peer" or "sightline").</param>
/// <param name="PeerFitSeconds">The peer's fit on the training rows.</param>
/// <param name="SightlineFitSeconds"><c>GradientBoosting.TrainBinary</c> on the training rows (ML.NET data view, LightGBM, tree extraction, leaf covers).</param>
/// <param name="FitRatio">Sightline training seconds / peer training seconds.</param>
/// <param name="PeerScoreSeconds">The peer's <c>predict_proba</c> of every row.</param>
/// <param name="SightlineScoreSeconds"><c>TreeEnsemble.Score(matrix, width)</c> of every row.</param>
/// <param name="ScoreRatio">Sightline scoring seconds / peer scoring seconds.</param>
/// <param name="PeerAuc">AUC of the peer's probabilities on the held-out rows.</param>
/// <param name="SightlineAuc">AUC of Sightline's scores on the held-out rows.</param>
/// <param name="SightlinePeakRssMb">Highest resident memory sampled while Sightline trained (the process holds the data, about 0.8 GB, throughout).</param>
/// <param name="PeerPeakRssMb">The peer process's lifetime peak (includes its DataFrame).</param>
internal sealed record SyntheticRun(int Run, string First, double PeerFitSeconds, double SightlineFitSeconds, double FitRatio,
    double PeerScoreSeconds, double SightlineScoreSeconds, double ScoreRatio, double PeerAuc, double SightlineAuc, double PeerPeakRssMb, double SightlinePeakRssMb);

/// <summary>The synthetic data set as measured; medians over runs.</summary>
internal sealed record SyntheticResult(string File, int Rows, int Columns, int Positives, int Missing, int TrainRows, int HoldoutRows, int Seed,
    IReadOnlyList<SyntheticRun> Runs, double MedianPeerFitSeconds, double MedianSightlineFitSeconds, double MedianFitRatio,
    double MedianPeerScoreSeconds, double MedianSightlineScoreSeconds, double MedianScoreRatio, double MedianPeerAuc, double MedianSightlineAuc,
    int PeerIterations, int SightlineTrees, int Threads);

/// <summary>A target with its verdict; a missed quality target exits 1, a missed speed target 3.</summary>
internal sealed record PropensityTarget(string Target, string Kind, string Measured, bool Pass);

/// <summary>Everything the propensity benchmark measured.</summary>
internal sealed record PropensityBenchResult(DateTimeOffset Date, MachineInfo Machine, string LoadBefore, string LoadAfter, string PeerVersion, int RunCount,
    BankResult Bank, SyntheticResult Synthetic, IReadOnlyList<PropensityTarget> Targets);
