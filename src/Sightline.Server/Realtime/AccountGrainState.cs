namespace Sightline.Server.Realtime;

/// <summary>
/// An account grain's checkpoint: the live account and its contact history as JSON text, and the log sequences applied.
/// Only text and numbers, so any storage serializer keeps it. A checkpoint may lag the log; activation replays the rest.
/// </summary>
[GenerateSerializer]
public sealed class AccountGrainState
{
    /// <summary>The <see cref="Sightline.Realtime.LiveAccount"/> as JSON, or null before the first activation with a baseline.</summary>
    [Id(0)]
    public string? LiveJson { get; set; }

    /// <summary>The <see cref="Sightline.Realtime.LiveContactHistory"/> as JSON.</summary>
    [Id(1)]
    public string? HistoryJson { get; set; }

    /// <summary>Every log sequence applied to <see cref="LiveJson"/>.</summary>
    [Id(2)]
    public List<long> AppliedSequences { get; set; } = [];
}
