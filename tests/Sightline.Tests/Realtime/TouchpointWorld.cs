using Sightline.Realtime;
using Sightline.Tests.Support;

namespace Sightline.Tests.Realtime;

/// <summary>A workspace with three accounts (A1, A2, A3) and a clock fixed at 2026-11-23 12:00 UTC, for touchpoint tests.</summary>
public sealed class TouchpointWorld : IDisposable
{
    public static readonly DateTimeOffset Now = FixedClock.Default.GetUtcNow();

    public TouchpointWorld()
    {
        Test.Workspace.Execute("INSERT INTO accounts (account_id, name) VALUES ('A1', 'Alpha Mills'), ('A2', 'Beta Foods'), ('A3', 'Gamma Labs')");
    }

    public TestWorkspace Test { get; } = new();

    public Sightline.Workspaces.Workspace Workspace => Test.Workspace;

    public TouchpointEventValidator Validator(TimeSpan? tolerance = null) =>
        new(Workspace, tolerance is { } t ? new TouchpointEventValidationOptions(t) : null, FixedClock.Default);

    public TouchpointLog Log() => new(Workspace, FixedClock.Default);

    /// <summary>A valid event; override what a test is about.</summary>
    public static TouchpointEvent Event(string id, string account = "A1", string channel = "call", int minutesAgo = 60, string? kind = "renewal_call") =>
        new(id, account, Now.AddMinutes(-minutesAgo), channel, kind, "in");

    /// <summary>A valid event as a JSON object with one field replaced, added (value not null) or removed (value null).</summary>
    public static string Json(string? field = null, string? value = null, string id = "EV1")
    {
        var fields = new Dictionary<string, string?>
        {
            ["event_id"] = $"\"{id}\"", ["account_id"] = "\"A1\"", ["occurred_at"] = "\"2026-11-23T10:15:00Z\"", ["channel"] = "\"call\"",
            ["direction"] = "\"in\"",
        };
        if (field is not null)
        {
            fields[field] = value;
        }

        return "{" + string.Join(", ", fields.Where(f => f.Value is not null).Select(f => $"\"{f.Key}\": {f.Value}")) + "}";
    }

    public void Dispose() => Test.Dispose();
}
