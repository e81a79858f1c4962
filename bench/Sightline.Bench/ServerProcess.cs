using System.Diagnostics;
using System.Net;

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

    public static ServerProcess Start(string root, string workspace, int port)
    {
        var cli = Path.Combine(root, "src", "Sightline.Cli", "bin", "Release", "net10.0", "Sightline.Cli.dll");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"no Release build of the CLI at {cli}; bench/run.sh builds it");
        }

        var log = Path.Combine(workspace, "serve.log");
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
        };

        // Per-request information logs (ASP.NET Core's default without an appsettings file) would time the console,
        // not the server: production runs at Warning.
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$0\" serve --workspace \"$1\" --urls \"$2\" >\"$3\" 2>&1");
        start.ArgumentList.Add(cli);
        start.ArgumentList.Add(workspace);
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.ArgumentList.Add(log);
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the server");
        Console.WriteLine($"server: pid {process.Id} on 127.0.0.1:{port}, log {log}");
        return new ServerProcess(process, log);
    }

    /// <summary>Waits until the server answers (401 from /api/auth/me without credentials), up to five minutes.</summary>
    public void WaitUntilReady(HttpClient client)
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
                using var response = client.GetAsync("/api/auth/me").GetAwaiter().GetResult();
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
