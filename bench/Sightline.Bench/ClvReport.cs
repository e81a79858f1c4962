using System.Globalization;
using System.Text;
using Sightline.Models.Value;

namespace Sightline.Bench;

/// <summary>One run of both sides: fit seconds and the log-likelihood each reached.</summary>
internal sealed record ClvRun(int Run, string First, double PeerSeconds, double SightlineSeconds, double TimeRatio,
    double PeerLogLikelihood, double SightlineLogLikelihood, int SightlineIterations, int PeerIterations, int PeerEvaluations);

/// <summary>A target with its verdict; a missed quality target exits 1, a missed speed target 3.</summary>
internal sealed record ClvTarget(string Target, string Kind, string Measured, bool Pass);

/// <summary>Everything the clv benchmark measured; parameters and likelihoods are those of the last run (both fits are deterministic).</summary>
internal sealed record ClvBenchResult(DateTimeOffset Date, MachineInfo Machine, string LoadBefore, string LoadAfter, string PeerVersion, int RunCount,
    int Customers, int Seed, BgNbdParameters Truth, double MinAge, double MaxAge, string DataFile, int Repeaters, int MaxFrequency, double MeanFrequency,
    BgNbdParameters Sightline, BgNbdParameters Peer, double SightlineLogLikelihood, double PeerLogLikelihood, double SightlineLogLikelihoodAtPeer,
    double LogLikelihoodGap, double FormulaGap, IReadOnlyList<ClvRun> Runs, double MedianSightlineSeconds, double MedianPeerSeconds, double MedianTimeRatio,
    string PeerMessage, IReadOnlyList<ClvTarget> Targets);

/// <summary>Writes the clv benchmark as Markdown for people and as JSON (same numbers) for tools.</summary>
internal static class ClvReport
{
    public static void Write(ClvBenchResult result, string markdownPath) => ReportFiles.Write(result, markdownPath, Markdown(result));

    private static string Markdown(ClvBenchResult r)
    {
        var m = r.Machine;
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        string P(BgNbdParameters p) => string.Create(CultureInfo.InvariantCulture, $"| {p.R:F6} | {p.Alpha:F6} | {p.A:F6} | {p.B:F6} |");

        Line($"# CLV benchmark: BG/NBD fit on {r.Customers:N0} customers, Sightline against scipy");
        Line($"");
        Line($"Measured on {r.Date:yyyy-MM-dd HH:mm} UTC with `dotnet run -c Release --no-build --project bench/Sightline.Bench -- clv --runs {r.RunCount}`. The same numbers are in the JSON file beside this one. How it works: [docs/benchmarks.md](../../docs/benchmarks.md#the-clv-benchmark).");
        Line($"");
        Line($"Same summaries, same likelihood on both sides: **Sightline** is `BgNbd.Fit(IReadOnlyList<CustomerSummary>)` (exact log-likelihood with analytic gradient, identical rows merged into weights, parallel over fixed chunks, BFGS on the log-parameters); the **peer** is `bench/peers/bgnbd_fit.py` with `/usr/bin/python3` ({r.PeerVersion}): the same log-likelihood vectorised in numpy with its analytic gradient, minimised by `scipy.optimize.minimize(method='BFGS', gtol=1e-9)` from the same start. Each side times only the fit: Sightline from the summaries in memory (its column extraction and row merging are inside the timer), the peer `minimize` alone (reading the CSV is not timed). Runs alternate which side goes first.");
        Line($"");
        Line($"Data: `bench/data/clv/{r.DataFile}`, {r.Customers:N0} customers drawn (seed {r.Seed}) from the BG/NBD process with r = {r.Truth.R}, α = {r.Truth.Alpha}, a = {r.Truth.A}, b = {r.Truth.B} and T uniform on [{r.MinAge:0}, {r.MaxAge:0}] weeks, summarised to x, t_x, T (continuous times, so almost no two rows merge); {r.Repeaters:N0} customers made a repeat purchase, mean x {r.MeanFrequency:F3}, largest x {r.MaxFrequency}. Written with round-trip digits; both sides' counts and column sums are checked to agree.");
        Line($"");
        Line($"Machine: {m.Cores} cores, {m.Cpu ?? "unknown CPU"}, {(m.MemoryGb is { } gb ? $"{gb:F0} GB, " : "")}{m.Os}, {m.DotNet}. Load average (1, 5, 15 min) before the runs: {r.LoadBefore}; after: {r.LoadAfter}.");
        Line($"");
        Line($"## Targets");
        Line($"");
        Line($"| target | measured | result |");
        Line($"|---|---|---|");
        foreach (var t in r.Targets)
        {
            Line($"| {t.Target} | {t.Measured} | {(t.Pass ? "met" : "**missed**")} |");
        }

        Line($"");
        Line($"A missed likelihood target makes the harness exit 1, a missed speed target 3.");
        Line($"");
        Line($"## Parameters and log-likelihood");
        Line($"");
        Line($"| | r | α | a | b |");
        Line($"|---|---:|---:|---:|---:|");
        Line($"| generating process {P(r.Truth)}");
        Line($"| Sightline {P(r.Sightline)}");
        Line($"| peer (scipy) {P(r.Peer)}");
        Line($"");
        Line($"| log-likelihood | value |");
        Line($"|---|---:|");
        Line($"| Sightline, at its optimum | {r.SightlineLogLikelihood:F6} |");
        Line($"| peer, at its optimum | {r.PeerLogLikelihood:F6} |");
        Line($"| Sightline's `BgNbd.LogLikelihood` at the peer's parameters | {r.SightlineLogLikelihoodAtPeer:F6} |");
        Line($"| relative difference, optima | {r.LogLikelihoodGap:0.0e0} |");
        Line($"| relative difference, same parameters (the two formulas) | {r.FormulaGap:0.0e0} |");
        Line($"");
        Line($"The peer's optimiser reported: {r.PeerMessage}");
        Line($"");
        Line($"## Time");
        Line($"");
        Line($"| run | first | peer fit (s) | Sightline fit (s) | ratio | peer iterations | peer evaluations | Sightline iterations |");
        Line($"|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var run in r.Runs)
        {
            Line($"| {run.Run} | {run.First} | {run.PeerSeconds:F3} | {run.SightlineSeconds:F3} | {run.TimeRatio:F2} | {run.PeerIterations} | {run.PeerEvaluations} | {run.SightlineIterations} |");
        }

        Line($"| **median** | | {r.MedianPeerSeconds:F3} | {r.MedianSightlineSeconds:F3} | **{r.MedianTimeRatio:F2}** | | | |");
        Line($"");
        Line($"Ratio = Sightline seconds / peer seconds of the same run (the median ratio is the median of the runs' ratios).");
        return text.ToString();
    }
}
