using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sightline.Server.Realtime;

namespace Sightline.Tests.Realtime.Cluster;

/// <summary>
/// One real <c>sightline serve</c> process (the CLI's own dll run by dotnet) on free loopback ports: with a connection
/// string a <c>--cluster</c> member, with membership timings lowered so that a killed silo is declared dead within
/// seconds; without one the embedded silo on the workspace's own event log. Killed on dispose.
/// </summary>
public sealed class ServeProcess : IDisposable
{
    /// <summary>Membership settings for the tests (any ClusterMembershipOptions property, bound by ClusterHosting).</summary>
    public static readonly IReadOnlyDictionary<string, string> FastMembership = new Dictionary<string, string>
    {
        ["ProbeTimeout"] = "00:00:01",
        ["NumMissedProbesLimit"] = "2",
        ["TableRefreshTimeout"] = "00:00:02",
        ["IAmAliveTablePublishTimeout"] = "00:00:02",
    };

    private readonly Process _process;
    private readonly Queue<string> _lines = new();

    public ServeProcess(string workspace, string? connectionString, IReadOnlyDictionary<string, string>? environment = null)
    {
        (HttpPort, SiloPort, GatewayPort) = (RealtimeHosting.FreePort(), RealtimeHosting.FreePort(), RealtimeHosting.FreePort());
        Workspace = workspace;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] cluster = connectionString is null ? [] : ["--cluster", connectionString];
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Sightline.Cli.dll"), "serve", "--workspace", workspace,
                     "--urls", BaseAddress.ToString().TrimEnd('/'),
                     "--silo-port", SiloPort.ToString(CultureInfo.InvariantCulture), "--gateway-port", GatewayPort.ToString(CultureInfo.InvariantCulture),
                 }.Concat(cluster))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in FastMembership)
        {
            start.Environment[$"Sightline__Realtime__Membership__{name}"] = value;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Workspace { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>A client on the server, signed in by <see cref="SignInAsync"/>.</summary>
    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(90) };

    /// <summary>The last lines the process wrote, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Waits until the server hands out a bearer token, then signs <see cref="Client"/> in with it.</summary>
    public async Task SignInAsync(string user, string password, TimeSpan timeout)
    {
        Client.BaseAddress = BaseAddress;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"sightline serve exited with {_process.ExitCode} before answering:\n{Output}");
            }

            try
            {
                var response = await Client.PostAsJsonAsync("/api/auth/token", new { name = user, password });
                if (response.IsSuccessStatusCode)
                {
                    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("accessToken").GetString());
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"sightline serve did not answer within {timeout}:\n{Output}");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Kills the process at once: no graceful shutdown, the silo just disappears.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        Client.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > 200)
            {
                _lines.Dequeue();
            }
        }
    }
}
