using System.CommandLine;
using Sightline.Server;
using Sightline.Server.Realtime;
using Sightline.Workspaces;

namespace Sightline.Cli.Verbs;

/// <summary>
/// <c>sightline serve --workspace DIR [--urls URL] [--cluster CONNECTION [--silo-address ADDRESS] [--silo-port N] [--gateway-port N]]</c>: the
/// REST API, the web app and the co-hosted Orleans silo on a workspace; with --cluster the silo joins a cluster on PostgreSQL.
/// </summary>
internal static class ServeVerb
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen: semicolon-separated http:// or https:// URLs with an IP address, localhost or a host name (bound to its addresses only) and a port; 0.0.0.0 or [::] for every interface",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Join the silo cluster on this PostgreSQL database (connection string); events, membership and grain state are shared there",
        };
        var siloAddress = new Option<string?>("--silo-address")
        {
            Description = "With --cluster: this machine's address (IP or host name) the other silos reach this one at; default 127.0.0.1 (every silo on one machine)",
        };
        var siloPort = new Option<int?>("--silo-port") { Description = "The silo-to-silo port (default 11111; 0 picks a free one)" };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = "The Orleans gateway port (default 30000; 0 picks a free one)" };
        var command = new Command("serve", $"""
            Start the Sightline server on a workspace: the REST API under /api (bearer tokens from POST /api/auth/token,
            or the session cookie from POST /api/auth/login), the OpenAPI document at /openapi/v1.json and interactive
            docs at /docs. Every answer is limited to what the signed-in user may see. Add users first with
            'sightline users add'. The server holds the workspace open: run other verbs after stopping it (Ctrl+C).

            Real time: the server co-hosts one Orleans silo with the account grains, and logs touchpoints in the workspace.
            With --cluster it joins a cluster instead: several 'sightline serve' processes on one PostgreSQL database (each
            on its own copy of the workspace and its own ports) share the touchpoint log, the membership and the grain
            state. A local PostgreSQL for trying it: scripts/postgres-local.sh start DIR PORT. Silos on several machines: give
            each its machine's address with --silo-address (silo traffic is neither encrypted nor authenticated: a private
            network only).

            Examples:
              sightline serve --workspace ./demo
              sightline serve --workspace ./demo --urls http://0.0.0.0:8080
              sightline serve --workspace ./demo-1 --urls http://127.0.0.1:5081 --silo-port 11111 --gateway-port 30000 \
                --cluster "Host=127.0.0.1;Port=55432;Username=postgres;Database=sightline"
              sightline serve --workspace ./demo --urls http://10.0.0.5:8080 --silo-address 10.0.0.5 \
                --cluster "Host=10.0.0.9;Port=5432;Username=sightline;Password=...;Database=sightline"
            """) { workspace, urls, cluster, siloAddress, siloPort, gatewayPort };
        command.SetAction(parse => console.Guard(() =>
        {
            var listenOn = string.Join(';', ListenUrls.Resolve(parse.GetValue(urls), urls.Name));
            var directory = Path.GetFullPath(parse.GetValue(workspace)!);
            var connection = parse.GetValue(cluster);
            var arguments = new List<string> { $"--{WorkspaceHost.WorkspaceSetting}={directory}", $"--urls={listenOn}" };
            string? joins = null;
            var reachedAt = System.Net.IPAddress.Loopback;
            if (connection is not null)
            {
                joins = ClusterHosting.Describe(connection);
                arguments.Add($"--{RealtimeOptions.Section}:{nameof(RealtimeOptions.Cluster)}={connection}");
            }

            if (parse.GetValue(siloAddress) is { } address)
            {
                if (connection is null)
                {
                    throw new BadInputException(siloAddress.Name, RealtimeHosting.EmbeddedSiloAddress);
                }

                reachedAt = ClusterHosting.SiloAddress(address, siloAddress.Name);
                arguments.Add($"--{RealtimeOptions.Section}:{nameof(RealtimeOptions.SiloAddress)}={address}");
            }

            foreach (var (option, name) in new[] { (siloPort, nameof(RealtimeOptions.SiloPort)), (gatewayPort, nameof(RealtimeOptions.GatewayPort)) })
            {
                if (parse.GetValue(option) is { } port)
                {
                    if (port is < 0 or > 65535)
                    {
                        throw new BadInputException(option.Name, $"{port} is not a port: expected 0 (a free one) to 65535");
                    }

                    arguments.Add($"--{RealtimeOptions.Section}:{name}={port}");
                }
            }

            int users;
            try
            {
                using var ws = Workspace.Open(directory);
                users = new Access.UserStore(ws).List().Count;
            }
            catch (BadInputException e) when (e.Message.Contains("in use by another process", StringComparison.Ordinal))
            {
                throw new BadInputException(directory, "the workspace is in use by another process (DuckDB lets one process open it). " +
                    "To run several servers as one cluster, give each its own copy of the workspace (for example cp -r ./demo ./demo-2) " +
                    "and the same --cluster database: batch data is read-only for real time; events and grain state are shared in PostgreSQL");
            }

            // Built before the banner, so settings the server refuses are not preceded by a line saying it runs.
            var server = global::Sightline.Server.Program.Build([.. arguments]);
            var at = listenOn;
            console.Output.WriteLine($"Sightline server for {directory} on {at} (API docs at {at.Split(';')[0].TrimEnd('/')}/docs); Ctrl+C stops it");
            if (joins is not null)
            {
                var machines = System.Net.IPAddress.IsLoopback(reachedAt) ? " (so every silo of the cluster runs on this machine)" : "";
                console.Output.WriteLine($"cluster mode: the silo joins cluster '{ClusterHosting.ClusterId}' on {joins}; touchpoints are logged there; "
                    + $"the other silos reach this one at {reachedAt}{machines}");
            }

            if (users == 0)
            {
                console.Output.WriteLine("note: the workspace has no users yet, so nobody can sign in; add one with: sightline users add --workspace DIR --name NAME --role admin");
            }

            server.Run();
            return ExitCodes.Ok;
        }));
        return command;
    }
}
