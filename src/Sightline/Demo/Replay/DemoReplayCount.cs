namespace Sightline.Demo.Replay;

/// <summary>A label and how often it occurred (a segment entered, a routing target, a reason), largest first in lists.</summary>
/// <param name="Label">What was counted.</param>
/// <param name="Count">How often.</param>
public sealed record DemoReplayCount(string Label, int Count);
