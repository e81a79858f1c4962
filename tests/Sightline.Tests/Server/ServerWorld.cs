using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sightline.Access;
using Sightline.Plans.Lists;
using Sightline.Plans.Quotas;
using Sightline.Server;
using Sightline.Tests.Models;
using Sightline.Tests.Support;
using Sightline.Workspaces;
using ServerProgram = global::Sightline.Server.Program;

namespace Sightline.Tests.Server;

/// <summary>
/// A copy of the 3,000-account scored demo workspace (never the shared one) with lists and a quota plan, and a user
/// of every role: two managers of different teams and a rep reporting to each. Built once per test run; the server
/// runs in process through WebApplicationFactory.
/// </summary>
public sealed class ServerWorld : IDisposable
{
    public const string Password = "a long test password";

    private static readonly Lock Gate = new();
    private static ServerWorld? _shared;
    private readonly TempDirectory _dir = new();

    private ServerWorld(string demoWorkspace)
    {
        Directory = _dir.File("ws");
        var teams = Populate(demoWorkspace, Directory);
        (ManagerA, ManagerB, RepA, RepB, Truth) = (teams.ManagerA, teams.ManagerB, teams.RepA, teams.RepB, teams.Truth);
        Factory = CreateFactory(perName: 5, perAddress: 10_000);
    }

    /// <summary>
    /// Copies the demo workspace into <paramref name="directory"/>, builds lists and a quota plan, and adds a user of
    /// every role: two managers of different teams (those with the most reports who themselves report to someone) and
    /// the first rep with a territory under each.
    /// </summary>
    public static WorldTeams Populate(string demoWorkspace, string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        foreach (var file in System.IO.Directory.GetFiles(demoWorkspace))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        using var ws = Workspace.Open(directory);
        RepLists.Run(ws, clock: FixedClock.Default);
        QuotaPlan.Run(ws, 50_000_000m, FixedClock.Default);
        var managers = ws.Strings("""
            SELECT manager_id FROM reps WHERE manager_id IN (SELECT rep_id FROM reps WHERE manager_id IS NOT NULL)
            GROUP BY manager_id ORDER BY count(*) DESC, manager_id LIMIT 2
            """);
        var teams = new WorldTeams(managers[0], managers[1], FirstReportWithTerritory(ws, managers[0]), FirstReportWithTerritory(ws, managers[1]),
            new ScopeTruth(ws));
        var store = new UserStore(ws, FixedClock.Default);
        store.Add("admin", "admin", null, Password, "os:tester");
        store.Add("analyst", "analyst", null, Password, "os:tester");
        store.Add("manager", "manager", teams.ManagerA, Password, "os:tester");
        store.Add("manager-b", "manager", teams.ManagerB, Password, "os:tester");
        store.Add("rep", "rep", teams.RepA, Password, "os:tester");
        store.Add("rep-b", "rep", teams.RepB, Password, "os:tester");
        return teams;
    }

    public static ServerWorld Get(ScoredDemoFixture demo)
    {
        lock (Gate)
        {
            if (_shared is null)
            {
                _shared = new ServerWorld(demo.Workspace);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared.Dispose();
            }

            return _shared;
        }
    }

    public string Directory { get; }

    public WebApplicationFactory<ServerProgram> Factory { get; }

    public string ManagerA { get; }

    public string ManagerB { get; }

    public string RepA { get; }

    public string RepB { get; }

    /// <summary>Who should see which accounts, computed in C# from the tables (independently of the SQL under test).</summary>
    public ScopeTruth Truth { get; }

    /// <summary>The user names of the test roles, and the rep id each is.</summary>
    public static readonly IReadOnlyList<string> Roles = ["admin", "analyst", "manager", "manager-b", "rep", "rep-b"];

    public WebApplicationFactory<ServerProgram> CreateFactory(int perName, int perAddress, IReadOnlyDictionary<string, string>? settings = null) =>
        CreateFactory(Directory, perName, perAddress, settings);

    /// <summary>A server on the workspace in <paramref name="directory"/> (a world of a test's own, from <see cref="Populate"/>).</summary>
    public static WebApplicationFactory<ServerProgram> CreateFactory(string directory, int perName, int perAddress, IReadOnlyDictionary<string, string>? settings = null) =>
        new WebApplicationFactory<ServerProgram>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                b.UseSetting(key, value);
            }

            b.UseSetting(WorkspaceHost.WorkspaceSetting, directory);
            b.UseSetting($"{Sightline.Server.Realtime.RealtimeOptions.Section}:SiloPort", "0"); // each test server its own free ports
            b.UseSetting($"{Sightline.Server.Realtime.RealtimeOptions.Section}:GatewayPort", "0");

            // Real-time tests move accounts by editing the batch tables by hand, which a preload taken at start would not see
            // (a preloaded silo sees batch runs, not hand edits); the preload has its own tests (LiveBaselineHostTests).
            b.UseSetting($"{Sightline.Server.Realtime.RealtimeOptions.Section}:PreloadAccounts", "0");
            b.UseSetting($"{LoginLimits.Section}:PerName", perName.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting($"{LoginLimits.Section}:PerAddress", perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });

    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

    /// <summary>A client carrying a bearer token for the user (tokens are fetched once per user); anonymous for null.</summary>
    public HttpClient Client(string? user) => Client(user, Factory, _tokens);

    /// <summary>A client of another server on this workspace (its own token cache), carrying a bearer token for the user.</summary>
    public static HttpClient Client(string? user, WebApplicationFactory<ServerProgram> factory, Dictionary<string, string> tokens)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(tokens);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        if (user is null)
        {
            return client;
        }

        lock (tokens)
        {
            if (!tokens.TryGetValue(user, out var token))
            {
                var response = client.PostAsJsonAsync("/api/auth/token", new { name = user, password = Password }).GetAwaiter().GetResult();
                response.EnsureSuccessStatusCode();
                using var json = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
                token = json.RootElement.GetProperty("accessToken").GetString()!;
                tokens[user] = token;
            }

            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>The server's audit log, newest first.</summary>
    public List<AuditEntry> Audit()
    {
        using var ws = Factory.Services.GetRequiredService<WorkspaceHost>().Open();
        return AuditLog.Recent(ws, 1000);
    }

    public void Dispose()
    {
        Factory.Dispose();
        _dir.Dispose();
    }

    private static string FirstReportWithTerritory(Workspace ws, string manager) => ws.Strings($"""
        SELECT r.rep_id FROM reps r JOIN territories t ON t.rep_id = r.rep_id
        WHERE r.manager_id = {Sql.Literal(manager)} ORDER BY r.rep_id LIMIT 1
        """)[0];
}

/// <summary>The accounts each user should see, worked out in C# by walking reps, territories and owners.</summary>
public sealed class ScopeTruth
{
    private readonly Dictionary<string, string?> _managerOf;
    private readonly List<(string Territory, string? Rep)> _territories;
    private readonly List<(string Territory, string Account)> _members;
    private readonly List<(string Account, string? Owner)> _accounts;

    public ScopeTruth(Workspace ws)
    {
        var reps = ws.Rows("SELECT rep_id, manager_id FROM reps");
        _managerOf = reps.ToDictionary(r => (string)r[0]!, r => r[1] as string, StringComparer.Ordinal);
        _territories = ws.Rows("SELECT territory_id, rep_id FROM territories").Select(r => ((string)r[0]!, r[1] as string)).ToList();
        _members = ws.Rows("SELECT territory_id, account_id FROM territory_accounts").Select(r => ((string)r[0]!, (string)r[1]!)).ToList();
        _accounts = ws.Rows("SELECT account_id, owner_rep_id FROM accounts").Select(r => ((string)r[0]!, r[1] as string)).ToList();
    }

    public long AllAccounts => _accounts.Count;

    public SortedSet<string> Everyone => new(_accounts.Select(a => a.Account), StringComparer.Ordinal);

    /// <summary>The rep and everyone reporting to it, at any depth.</summary>
    public HashSet<string> Team(string rep)
    {
        var team = new HashSet<string>(StringComparer.Ordinal) { rep };
        bool grew;
        do
        {
            grew = false;
            foreach (var (id, manager) in _managerOf)
            {
                if (manager is not null && team.Contains(manager) && team.Add(id))
                {
                    grew = true;
                }
            }
        }
        while (grew);
        return team;
    }

    public SortedSet<string> AccountsOf(IReadOnlySet<string> reps)
    {
        var territories = _territories.Where(t => t.Rep is not null && reps.Contains(t.Rep)).Select(t => t.Territory).ToHashSet(StringComparer.Ordinal);
        var seen = new SortedSet<string>(_members.Where(m => territories.Contains(m.Territory)).Select(m => m.Account), StringComparer.Ordinal);
        seen.UnionWith(_accounts.Where(a => a.Owner is not null && reps.Contains(a.Owner)).Select(a => a.Account));
        return seen;
    }

    /// <summary>An account in the second set and not the first: what one user asks for and must not get.</summary>
    public string Outside(IReadOnlySet<string> visible, IReadOnlySet<string> other) => other.First(a => !visible.Contains(a));
}

/// <summary>The rep ids of the test users "manager", "manager-b", "rep" (under manager) and "rep-b" (under manager-b), and who sees what.</summary>
public sealed record WorldTeams(string ManagerA, string ManagerB, string RepA, string RepB, ScopeTruth Truth);
