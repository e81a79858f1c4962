namespace Sightline.Demo.Replay;

/// <summary>One inbound contact of the day, told in words: who called, why (predicted), where it went and what to do.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="AccountName">Its name, when known.</param>
/// <param name="EventId">The event.</param>
/// <param name="Touch">The touch in words: channel, kind, family asked about, time.</param>
/// <param name="Reason">The predicted reason in words.</param>
/// <param name="Route">Where it went and why.</param>
/// <param name="NextBestAction">What to do.</param>
/// <param name="SegmentChange">The segments it entered or left, in words, or null.</param>
public sealed record DemoReplayExample(string AccountId, string? AccountName, string EventId, string Touch, string Reason, string Route, string NextBestAction,
    string? SegmentChange);
