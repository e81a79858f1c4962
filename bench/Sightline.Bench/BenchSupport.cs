using System.Diagnostics;
using System.Text.Json;

namespace Sightline.Bench;

/// <summary>What every side-by-side benchmark needs: medians, the machine's load, and running a Python peer that prints JSON.</summary>
internal static class BenchSupport
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The 1, 5 and 15 minute load averages: other work on the machine shows up in both sides' times, unevenly.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Runs a peer script and returns the JSON it prints; a failure names the Debian packages the peer needs.</summary>
    public static JsonElement RunPeer(ProcessStartInfo start, string packages)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the peer failed (exit {process.ExitCode}); it needs Debian's {packages}:{Environment.NewLine}{stderr.Result}");
        }

        using var json = JsonDocument.Parse(stdout.Result);
        return json.RootElement.Clone();
    }
}
