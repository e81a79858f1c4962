namespace Sightline.Realtime;

/// <summary>
/// The live touches an account received since its baseline that the reason model reads and the live features do not
/// keep: their kinds and whether they left a support question open. Plain public properties so a grain persists it.
/// </summary>
public sealed class LiveContactHistory
{
    /// <summary>How long a touch is kept: the reason model's longest kind and ticket window.</summary>
    public const int KeepDays = 30;

    /// <summary>The touches, oldest first.</summary>
    public List<LiveContactTouch> Touches { get; set; } = [];

    /// <summary>Remembers a touch and forgets those older than <see cref="KeepDays"/> before <paramref name="today"/>.</summary>
    public void Add(TouchpointEvent touch, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(touch);
        var openSupport = ContactReasons.IsSupportTouch(touch.Channel, touch.Kind)
            && (touch.Outcome is null || !ResolvedOutcomes.Contains(touch.Outcome, StringComparer.OrdinalIgnoreCase));
        Touches.Add(new LiveContactTouch(touch.Day.DayNumber, touch.Kind, openSupport));
        Touches.RemoveAll(t => t.Day <= today.DayNumber - KeepDays);
    }

    /// <summary>Touches in the <see cref="KeepDays"/> days up to <paramref name="on"/>.</summary>
    public IEnumerable<LiveContactTouch> Within(DateOnly on) => Touches.Where(t => IsWithin(t, on));

    /// <summary>Whether <paramref name="touch"/> is in the <see cref="KeepDays"/> days up to <paramref name="on"/>.</summary>
    public static bool IsWithin(LiveContactTouch touch, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(touch);
        return touch.Day > on.DayNumber - KeepDays && touch.Day <= on.DayNumber;
    }

    /// <summary>Outcomes that close a support question, as the reason model's training rows read them.</summary>
    public static readonly IReadOnlyList<string> ResolvedOutcomes = ["resolved", "answered", "closed"];
}

/// <summary>One live touch as the reason model reads it.</summary>
/// <param name="Day">Its UTC day (<see cref="DateOnly.DayNumber"/>).</param>
/// <param name="Kind">Its kind, when given.</param>
/// <param name="OpenSupport">A support touch whose outcome does not say it was resolved.</param>
public sealed record LiveContactTouch(int Day, string? Kind, bool OpenSupport);
