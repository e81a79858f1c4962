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
    public static void Check(IConfiguration section) => new SettingChecks(section, Section)
        .Seconds(nameof(WebhookMaxPauseSeconds), "30").Seconds(nameof(BaselineCheckSeconds), "30").Seconds(nameof(JournalFoldSeconds), "1")
        .Whole(nameof(SiloPort), 0, 65_535, Port).Whole(nameof(GatewayPort), 0, 65_535, Port)
        .Whole(nameof(PreloadAccounts), 0, int.MaxValue, "expected a whole number of accounts, 0 or more (0 turns the preload off)")
        .HttpUrl(nameof(Webhook), "where to post segment changes, such as https://hooks.example.com/sightline")
        .ThrowIfAny();

    private const string Port = "expected a port, 1 to 65535, or 0 for a free one";
}
