namespace Sightline.Realtime;

/// <summary>What became of one event given to <see cref="TouchpointLog.Append"/>.</summary>
public enum TouchpointLogStatus
{
    /// <summary>Stored now, under a new sequence number.</summary>
    Appended,

    /// <summary>Its event_id was already stored (earlier, or earlier in the same batch); it was not stored or applied again.</summary>
    Duplicate,
}
