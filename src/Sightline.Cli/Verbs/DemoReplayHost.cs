using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sightline.Demo.Replay;
using Sightline.Server;
using Sightline.Workspaces;

namespace Sightline.Cli.Verbs;

/// <summary>
/// Hosts the server in this process on a free loopback port (HTTP, silo and gateway ports all chosen by the system),
/// replays the demo's next day through its HTTP API, and stops it.
/// </summary>
internal static class DemoReplayHost
{
    /// <summary>
    /// Replays the day; <paramref name="whileServing"/> (tests) runs after the replay while the server still answers,
    /// with a client on it and the plan (whose user may sign in).
    /// </summary>
    public static DemoReplaySummary Run(string workspaceDirectory, int seed, Func<HttpClient, DemoReplayPlan, Task>? whileServing = null)
    {
        var directory = Path.GetFullPath(workspaceDirectory);
        DemoReplayPlan plan;
        using (var workspace = Workspace.Open(directory))
        {
            plan = DemoReplay.Prepare(workspace, seed);
        }

        return RunAsync(directory, plan, whileServing).GetAwaiter().GetResult();
    }

    private static async Task<DemoReplaySummary> RunAsync(string directory, DemoReplayPlan plan, Func<HttpClient, DemoReplayPlan, Task>? whileServing)
    {
        var app = global::Sightline.Server.Program.Build([
            $"--{WorkspaceHost.WorkspaceSetting}={directory}", "--urls=http://127.0.0.1:0",
            "--Sightline:Realtime:SiloPort=0", "--Sightline:Realtime:GatewayPort=0",
            // The demo prints its own summary; the server's request logs would bury it. Orleans warns about the host
            // (workstation GC, a thread pool stalled while the batch steps kept both cores busy), not about the replay.
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Warning", "--Logging:LogLevel:Orleans=Error",
        ]);
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync().ConfigureAwait(false);
            try
            {
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
                var summary = await DemoReplay.SendAsync(client, plan).ConfigureAwait(false);
                if (whileServing is not null)
                {
                    await whileServing(client, plan).ConfigureAwait(false);
                }

                return summary;
            }
            finally
            {
                await app.StopAsync().ConfigureAwait(false);
            }
        }
    }
}
