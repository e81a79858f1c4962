namespace Sightline.Realtime;

/// <summary>
/// The live touches an account received since its baseline that the reason model reads and the live features do not
/// keep: their kinds and whether they left a support question open, counted per day, kind and open question, so a busy
/// account keeps at most one entry per combination and day, not one per touch. Plain public properties so a grain
/// persists it.
/// </summary>
public sealed class LiveContactHistory
{
    /// <summary>How long a touch is kept: the reason model's longest kind and ticket window.</summary>
    public const int KeepDays = 30;

    /// <summary>The touches counted per day, kind and open question, in the order each combination was first seen.</summary>
    public List<LiveContactTouch> Touches { get; set; } = [];

    /// <summary>Remembers a touch and forgets those older than <see cref="KeepDays"/> before <paramref name="today"/>.</summary>
    public void Add(TouchpointEvent touch, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(touch);
        var openSupport = ContactReasons.IsSupportTouch(touch.Channel, touch.Kind)
            && (touch.Outcome is null || !IsResolved(touch.Outcome));
        var day = touch.Day.DayNumber;
        var counted = false;

        // From the end: a touch is most often on the latest day.
        for (var i = Touches.Count - 1; i >= 0; i--)
        {
            var t = Touches[i];
            if (t.Day == day && t.OpenSupport == openSupport && string.Equals(t.Kind, touch.Kind, StringComparison.Ordinal))
            {
                Touches[i] = t with { Count = t.Count + 1 };
                counted = true;
                break;
            }
        }

        if (!counted)
        {
            Touches.Add(new LiveContactTouch(day, touch.Kind, openSupport));
        }

        var oldest = today.DayNumber - KeepDays;
        foreach (var t in Touches)
        {
            if (t.Day <= oldest)
            {
                Touches.RemoveAll(old => old.Day <= oldest);
                break;
            }
        }
    }

    /// <summary>Whether <paramref name="touch"/> is in the <see cref="KeepDays"/> days up to <paramref name="on"/>.</summary>
    public static bool IsWithin(LiveContactTouch touch, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(touch);
        return touch.Day > on.DayNumber - KeepDays && touch.Day <= on.DayNumber;
    }

    /// <summary>Outcomes that close a support question, as the reason model's training rows read them.</summary>
    public static readonly IReadOnlyList<string> ResolvedOutcomes = ["resolved", "answered", "closed"];

    private static bool IsResolved(string outcome)
    {
        foreach (var resolved in ResolvedOutcomes)
        {
            if (string.Equals(outcome, resolved, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Live touches of one day, kind and open question, as the reason model reads them.</summary>
/// <param name="Day">Their UTC day (<see cref="DateOnly.DayNumber"/>).</param>
/// <param name="Kind">Their kind, when given.</param>
/// <param name="OpenSupport">Support touches whose outcome does not say they were resolved.</param>
/// <param name="Count">How many touches (state saved before touches were counted has one entry per touch, so 1).</param>
public sealed record LiveContactTouch(int Day, string? Kind, bool OpenSupport, int Count = 1);
