using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sightline.Bench;

/// <summary>
/// <c>sightline serve</c> as its own process (the Release CLI build), its output in a log file beside the workspace;
/// disposing stops that process (by its handle) and waits for it.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string log)
    {
        _process = process;
        Log = log;
    }

    public string Log { get; }

    /// <summary>True once the process has stopped (a cluster silo that failed to start, say).</summary>
    public bool HasExited => _process.HasExited;

    public static ServerProcess Start(string root, string workspace, int port) => Start(root, workspace, port, []);

    /// <summary><c>sightline serve</c> with more arguments (such as <c>--cluster</c>), its log named after the port.</summary>
    public static ServerProcess Start(string root, string workspace, int port, IReadOnlyList<string> arguments)
    {
        var cli = Path.Combine(root, "src", "Sightline.Cli", "bin", "Release", "net10.0", "Sightline.Cli.dll");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"no Release build of the CLI at {cli}; bench/run.sh builds it");
        }

        var log = Path.Combine(workspace, arguments.Count == 0 ? "serve.log" : $"serve-{port}.log");
        return Launch("server", log, [cli, "serve", "--workspace", workspace, "--urls", $"http://127.0.0.1:{port}", .. arguments], port);
    }

    /// <summary>This harness's own no-op ASP.NET Core endpoint (<c>noop-server</c>), the host's ceiling for an HTTP POST.</summary>
    public static ServerProcess StartNoop(string logDirectory, int port) =>
        Launch("no-op server", Path.Combine(logDirectory, $"noop-{port}.log"),
            [typeof(ServerProcess).Assembly.Location, "noop-server", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], port);

    /// <summary>
    /// This harness's floor endpoint (<c>floor-server</c>): a synced append and one call of a co-hosted silo's grain, nothing
    /// else. Its silo listens on <paramref name="siloPort"/> and the next port; the appended file is <paramref name="logFile"/>.
    /// </summary>
    public static ServerProcess StartFloor(string logDirectory, int port, int siloPort, string logFile, double workMicroseconds = 0)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string[] work = workMicroseconds > 0 ? ["--work-us", workMicroseconds.ToString("0.#", inv)] : [];
        return Launch("floor server", Path.Combine(logDirectory, $"floor-{port}.log"),
            [typeof(ServerProcess).Assembly.Location, "floor-server", "--port", port.ToString(inv), "--silo-port", siloPort.ToString(inv), "--log", logFile, .. work], port);
    }

    private static ServerProcess Launch(string what, string log, IReadOnlyList<string> dotnetArguments, int port)
    {
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
        };

        // Per-request information logs (ASP.NET Core's, Orleans' and Polly's defaults without an appsettings file) would
        // time the console, not the server: production runs at Warning.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";

        // As ./sightline starts `serve` (and the same for the no-op host, so the ratio compares like with like).
        start.Environment["DOTNET_gcServer"] = Environment.GetEnvironmentVariable("DOTNET_gcServer") ?? "1";
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=\"$0\"; exec dotnet \"$@\" >\"$log\" 2>&1");
        start.ArgumentList.Add(log);
        foreach (var argument in dotnetArguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start the {what}");
        Console.WriteLine($"{what}: pid {process.Id} on 127.0.0.1:{port}, log {log}");
        return new ServerProcess(process, log);
    }

    /// <summary>Waits until the server answers (401 from /api/auth/me without credentials, or 200), up to five minutes.</summary>
    public void WaitUntilReady(HttpClient client, string path = "/api/auth/me")
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server stopped (exit {_process.ExitCode}):\n{File.ReadAllText(Log)}");
            }

            try
            {
                using var response = client.GetAsync(path).GetAwaiter().GetResult();
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.OK)
                {
                    Console.WriteLine($"server: ready after {watch.Elapsed.TotalSeconds:F1} s");
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Thread.Sleep(250);
        }

        throw new InvalidOperationException("the server did not answer within five minutes; see " + Log);
    }

    /// <summary>A bearer token from <c>POST /api/auth/token</c>.</summary>
    public static string Token(HttpClient client, string name, string password)
    {
        using var response = client.PostAsJsonAsync("/api/auth/token", new { name, password }).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        _process.Dispose();
    }
}
