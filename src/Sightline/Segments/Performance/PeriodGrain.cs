namespace Sightline.Segments.Performance;

/// <summary>The calendar period revenue is bucketed into.</summary>
public enum PeriodGrain
{
    /// <summary>Calendar month.</summary>
    Month,

    /// <summary>Calendar quarter.</summary>
    Quarter,

    /// <summary>Calendar year.</summary>
    Year,
}
