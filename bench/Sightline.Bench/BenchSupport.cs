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

    /// <summary>The machine's cores, CPU model and memory, for the reports.</summary>
    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores{(cpu is null ? "" : ", " + cpu)}, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB";
    }

    /// <summary>A Lua string literal for the wrk scripts.</summary>
    public static string LuaString(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// The <c>done</c> hook every wrk script ends with: latency percentiles (microseconds), requests, duration and every
    /// error (connect, read, write, timeout, and answers other than 2xx/3xx) as one <c>RESULT {json}</c> line.
    /// </summary>
    public const string WrkDone = """
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format('RESULT {"p50":%d,"p90":%d,"p95":%d,"p99":%d,"max":%d,"requests":%d,"duration_us":%d,"errors":%d}\n',
            latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99), latency.max, summary.requests,
            summary.duration, e.connect + e.read + e.write + e.status + e.timeout))
        end
        """;

    /// <summary>
    /// Runs wrk with a script whose <c>done</c> prints one <c>RESULT {json}</c> line (latencies in microseconds) and
    /// returns that JSON.
    /// </summary>
    public static JsonElement RunWrk(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("cannot start wrk (Debian package wrk)");
        var stdout = wrk.StandardOutput.ReadToEndAsync();
        var stderr = wrk.StandardError.ReadToEndAsync();
        wrk.WaitForExit();
        if (wrk.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed (exit {wrk.ExitCode}): {stderr.Result}");
        }

        var line = stdout.Result.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("wrk printed no RESULT line:\n" + stdout.Result);
        using var json = JsonDocument.Parse(line["RESULT ".Length..]);
        return json.RootElement.Clone();
    }

    /// <summary>Requests per second over wrk's measured duration.</summary>
    public static double PerSecond(JsonElement wrkResult) =>
        Math.Round(wrkResult.GetProperty("requests").GetInt64() / (wrkResult.GetProperty("duration_us").GetDouble() / 1e6), 1);
}
