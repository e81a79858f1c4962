using System.Globalization;
using System.Text;

namespace Sightline.Bench;

/// <summary>Writes the import benchmark as Markdown for people and as JSON (same numbers) for tools.</summary>
internal static class ImportReport
{
    public static void Write(ImportBenchResult result, string markdownPath) => ReportFiles.Write(result, markdownPath, Markdown(result));

    private static string Markdown(ImportBenchResult r)
    {
        var m = r.Machine;
        var s = new StringBuilder();
        void Line(FormattableString text) => s.AppendLine(text.ToString(CultureInfo.InvariantCulture));

        Line($"# Import benchmark: tier {r.Tier}");
        Line($"");
        Line($"Measured on {r.Date:yyyy-MM-dd HH:mm} UTC with `dotnet run -c Release --project bench/Sightline.Bench -- import --tier {r.Tier} --runs {r.Runs.Count}` (or `bench/run.sh {r.Tier}`). The same numbers are in the JSON file beside this one. How the harness works: [docs/benchmarks.md](../../docs/benchmarks.md).");
        Line($"");
        Line($"Compared in one process, on the same files, each run: the **peer**, DuckDB's bare `CREATE TABLE t AS SELECT * FROM read_csv(file, header = true)` for each file into a fresh database, and **Sightline**'s validated import (`Workspace.Init` + `Importer.Import`, strict: all or nothing, one transaction) into a fresh workspace. Each side is timed from opening its database to closing it. Runs alternate which side goes first; the files were read once, untimed, before the first run.");
        Line($"");
        Line($"## Machine");
        Line($"");
        Line($"| | |");
        Line($"|---|---|");
        Line($"| cores | {m.Cores} |");
        Line($"| CPU | {m.Cpu ?? "unknown"} |");
        Line($"| memory | {(m.MemoryGb is { } gb ? gb.ToString("F1", CultureInfo.InvariantCulture) + " GB" : "unknown")} |");
        Line($"| OS | {m.Os} |");
        Line($"| .NET | {m.DotNet} |");
        Line($"| DuckDB | {m.DuckDb} |");
        Line($"");
        Line($"## Data");
        Line($"");
        Line($"Demo world of {r.Accounts:N0} accounts, seed {r.Seed}. The benchmark loads accounts.csv and orders.csv, plus products.csv and reps.csv, which orders (and accounts) reference; the demo world's other files are not loaded.");
        Line($"");
        Line($"| table | file | size (MB) | rows |");
        Line($"|---|---|---:|---:|");
        foreach (var f in r.Files)
        {
            Line($"| {f.Table} | {f.File} | {f.Bytes / 1e6:F1} | {f.Rows:N0} |");
        }

        Line($"| **total** | | {r.TotalBytes / 1e6:F1} | {r.TotalRows:N0} |");
        Line($"");
        Line($"## Runs");
        Line($"");
        Line($"| run | first | peer (s) | Sightline (s) | peer rows/s | Sightline rows/s | ratio | peer peak RSS (MB) | Sightline peak RSS (MB) |");
        Line($"|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in r.Runs)
        {
            Line($"| {run.Run} | {run.First} | {run.Peer.Seconds:F2} | {run.Sightline.Seconds:F2} | {run.Peer.RowsPerSecond:N0} | {run.Sightline.RowsPerSecond:N0} | {run.Ratio:F2} | {run.Peer.PeakRssMb:N0} | {run.Sightline.PeakRssMb:N0} |");
        }

        Line($"| **median** | | **{r.MedianPeerSeconds:F2}** | **{r.MedianSightlineSeconds:F2}** | {r.MedianPeerRowsPerSecond:N0} | {r.MedianSightlineRowsPerSecond:N0} | **{r.MedianRatio:F2}** | | |");
        Line($"");
        Line($"Ratio = Sightline seconds / peer seconds within a run; the median ratio is the median of the runs' ratios. Rows/s = all data rows of the files / seconds. Peak RSS is the highest VmRSS sampled every 50 ms while that side ran (the process is shared, so it includes what the process already held: the .NET runtime and whatever DuckDB and the GC kept from earlier sides). The process's lifetime peak (VmHWM) at the end: {(r.ProcessVmHwmMb is { } hwm ? hwm.ToString("N0", CultureInfo.InvariantCulture) + " MB" : "unknown")}.");
        Line($"");
        Line($"## Correctness");
        Line($"");
        if (r.CountsMatch)
        {
            Line($"Sightline loaded exactly the peer's row count for every table in every run.");
        }
        else
        {
            Line($"**FAIL**: row counts differ:");
            Line($"");
            foreach (var mismatch in r.CountMismatches)
            {
                Line($"- {mismatch}");
            }
        }

        Line($"");
        Line($"## Targets");
        Line($"");
        Line($"| target | measured | result |");
        Line($"|---|---|---|");
        foreach (var t in r.Targets)
        {
            Line($"| {t.Target} | {t.Measured} | {t.Pass switch { true => "PASS", false => "FAIL", null => "n/a at this tier" }} |");
        }

        return s.ToString();
    }
}
