namespace Sightline.Realtime;

/// <summary>How a feature column is held in a <see cref="LiveBaselineRow"/>.</summary>
public enum LiveBaselineColumnKind
{
    /// <summary>Any numeric type, held as a double.</summary>
    Number,

    /// <summary>BOOLEAN.</summary>
    Flag,

    /// <summary>VARCHAR.</summary>
    Text,

    /// <summary>DATE or TIMESTAMP, held as a date.</summary>
    Date,

    /// <summary>VARCHAR[].</summary>
    TextList,
}
