namespace Sightline.Data;

/// <summary>The storage type of a canonical column.</summary>
public enum ColumnType
{
    /// <summary>Free text (VARCHAR).</summary>
    Text,
    /// <summary>Whole number (BIGINT).</summary>
    Integer,
    /// <summary>Number with a fraction, money included (DOUBLE).</summary>
    Number,
    /// <summary>Calendar date (DATE).</summary>
    Date,
    /// <summary>Date and time (TIMESTAMP).</summary>
    Timestamp,
    /// <summary>true / false (BOOLEAN).</summary>
    Boolean,
}
