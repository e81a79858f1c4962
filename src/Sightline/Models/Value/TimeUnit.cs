namespace Sightline.Models.Value;

/// <summary>The unit the value models measure time in; rates and α are reported per this unit.</summary>
public enum TimeUnit
{
    /// <summary>One day.</summary>
    Day,

    /// <summary>Seven days (the unit of the published CDNOW numbers).</summary>
    Week,

    /// <summary>An average month: 365.25 / 12 = 30.4375 days.</summary>
    Month,
}
