using System.Globalization;
using Sightline.Realtime;

namespace Sightline.Server.Realtime;

/// <summary>The real-time settings, section <c>Sightline:Realtime</c>.</summary>
public sealed class RealtimeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sightline:Realtime";

    /// <summary>A PostgreSQL connection string to join a cluster of silos; null runs one co-hosted silo on the workspace's event log.</summary>
    public string? Cluster { get; set; }

    /// <summary>
    /// Cluster mode: the address (IP or host name) this silo listens on and the other silos reach it at; null is loopback,
    /// where every silo of the cluster runs on this machine. Set it to this machine's address on the network the
    /// cluster's machines share.
    /// </summary>
    public string? SiloAddress { get; set; }

    /// <summary>The silo-to-silo port; 0 picks a free port at start (tests, several servers on one machine).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients outside the silo connect to; 0 picks a free port at start.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>A URL that receives a POST of every segment change (JSON), or null for none.</summary>
    public string? Webhook { get; set; }

    /// <summary>The longest pause between two attempts to post a change the webhook did not take, in seconds (pauses double from 0.25 s up to it).</summary>
    public double WebhookMaxPauseSeconds { get; set; } = 60;

    /// <summary>How often a silo checks whether a batch run changed the baseline, in seconds.</summary>
    public double BaselineCheckSeconds { get; set; } = 30;

    /// <summary>
    /// How often the embedded event log's journal is folded into the workspace's <c>touchpoint_log</c> table, in seconds
    /// (sooner when many events wait). An event is durable in the journal before it is acknowledged either way.
    /// </summary>
    public double JournalFoldSeconds { get; set; } = TouchpointJournal.DefaultFoldEvery.TotalSeconds;

    /// <summary>
    /// Up to this many accounts in the batch, a silo reads every account's baseline into memory in the background once a
    /// batch is loaded (about 7 KB an account), so a grain activating afterwards reads no database: one statement for
    /// every account costs a fraction of a second per thousand, where each activation's own statement cost tens of
    /// milliseconds. Above it, or at 0, baselines are read when grains activate, together with others activating then.
    /// </summary>
    public int PreloadAccounts { get; set; } = 50_000;

    /// <summary>
    /// Checks the settings as written (environment, appsettings, the command line) before they are bound, every problem at
    /// once: a value that is no number, a port out of range, a pause of 0 or less, a webhook that is no http(s) URL. They
    /// were an internal error with a stack trace when the server started, or were taken: a fold every -1 s never ran.
    /// </summary>
    /// <exception cref="BadInputException">A setting holds a value it cannot have.</exception>
    public static void Check(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var problems = new List<Diagnostic>();
        void Add(string key, string value, string message) => problems.Add(new Diagnostic($"{Section}:{key}", null, null, value, message));

        foreach (var key in new[] { nameof(WebhookMaxPauseSeconds), nameof(BaselineCheckSeconds), nameof(JournalFoldSeconds) })
        {
            if (section[key] is { } text && !(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds > 0))
            {
                Add(key, text, $"expected a number of seconds above 0, such as {(key == nameof(JournalFoldSeconds) ? "1" : "30")}");
            }
        }

        foreach (var key in new[] { nameof(SiloPort), nameof(GatewayPort) })
        {
            if (section[key] is { } text && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65_535))
            {
                Add(key, text, "expected a port, 1 to 65535, or 0 for a free one");
            }
        }

        if (section[nameof(PreloadAccounts)] is { } preload && !int.TryParse(preload, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            Add(nameof(PreloadAccounts), preload, "expected a whole number of accounts, 0 or more (0 turns the preload off)");
        }

        if (section[nameof(Webhook)] is { Length: > 0 } webhook
            && !(Uri.TryCreate(webhook.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0))
        {
            Add(nameof(Webhook), webhook, "not an http:// or https:// URL; expected where to post segment changes, such as https://hooks.example.com/sightline");
        }

        if (problems.Count > 0)
        {
            throw new BadInputException(problems, problems.Count);
        }
    }
}
