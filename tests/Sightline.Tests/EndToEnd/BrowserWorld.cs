using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sightline.Server;
using Sightline.Tests.Models;
using Sightline.Tests.Server;
using Sightline.Tests.Support;
using Sightline.Workspaces;
using ServerProgram = global::Sightline.Server.Program;

namespace Sightline.Tests.EndToEnd;

/// <summary>
/// The real server for the browser: the same program as <c>sightline serve</c>, on Kestrel on a free loopback port
/// (a browser needs a socket, so not the in-memory TestServer), over its own copy of the 3,000-account scored demo with
/// the users of <see cref="ServerWorld"/> (same names, roles, password and way of picking the two teams). Built once
/// per test run; the browser tests write outcomes and overrides, so it never shares a workspace with the API tests.
/// </summary>
public sealed class BrowserWorld : IDisposable
{
    private static readonly Lock Gate = new();
    private static BrowserWorld? _shared;
    private readonly TempDirectory _dir = new();
    private readonly WebApplicationFactory<ServerProgram> _factory;

    private BrowserWorld(string demoWorkspace)
    {
        Directory = _dir.File("ws");
        var teams = ServerWorld.Populate(demoWorkspace, Directory);
        (ManagerA, ManagerB, RepA, RepB, Truth) = (teams.ManagerA, teams.ManagerB, teams.RepA, teams.RepB, teams.Truth);

        _factory = new WebApplicationFactory<ServerProgram>().WithWebHostBuilder(b =>
        {
            b.UseSetting(WorkspaceHost.WorkspaceSetting, Directory);
            b.UseSetting($"{Sightline.Server.Realtime.RealtimeOptions.Section}:SiloPort", "0"); // each test server its own free ports
            b.UseSetting($"{Sightline.Server.Realtime.RealtimeOptions.Section}:GatewayPort", "0");
            b.UseSetting($"{LoginLimits.Section}:PerName", "50");
            b.UseSetting($"{LoginLimits.Section}:PerAddress", "10000");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>The password of every user.</summary>
    public const string Password = ServerWorld.Password;

    /// <summary>The server's workspace folder.</summary>
    public string Directory { get; }

    /// <summary>Where the server listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The rep id of user "manager".</summary>
    public string ManagerA { get; }

    /// <summary>The rep id of user "manager-b".</summary>
    public string ManagerB { get; }

    /// <summary>The rep id of user "rep" (reports to <see cref="ManagerA"/>).</summary>
    public string RepA { get; }

    /// <summary>The rep id of user "rep-b" (reports to <see cref="ManagerB"/>).</summary>
    public string RepB { get; }

    /// <summary>Who should see which accounts, worked out in C# from the tables.</summary>
    public ScopeTruth Truth { get; }

    public static BrowserWorld Get(ScoredDemoFixture demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        lock (Gate)
        {
            if (_shared is null)
            {
                _shared = new BrowserWorld(demo.Workspace);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared.Dispose();
            }

            return _shared;
        }
    }

    /// <summary>Reads the server's workspace through its own open database (DuckDB lets one process hold the file).</summary>
    public T Read<T>(Func<Workspace, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var ws = _factory.Services.GetRequiredService<WorkspaceHost>().Open();
        return read(ws);
    }

    /// <summary>An account the user with this rep id must not see: one of the other team's rep.</summary>
    public string AccountOutsideRepA() =>
        Truth.Outside(Truth.AccountsOf(Set(RepA)), Truth.AccountsOf(Set(RepB)));

    /// <summary>An account user "rep" may see.</summary>
    public string AccountOfRepA() => Truth.AccountsOf(Set(RepA)).First();

    public void Dispose()
    {
        _factory.Dispose();
        _dir.Dispose();
    }

    private static HashSet<string> Set(string rep) => new(StringComparer.Ordinal) { rep };
}
