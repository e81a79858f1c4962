using System.Collections.Concurrent;

namespace Sightline.Server.Realtime;

/// <summary>
/// References to account grains, kept per account. Orleans resolves the grain interface by reflection on every
/// <c>GetGrain</c> call, about 2% of a touchpoint post's CPU; a reference is immutable and valid on every silo, so one
/// per account serves every later call.
/// </summary>
public sealed class AccountGrains
{
    /// <summary>References kept at most by default (~150 bytes each); past it the cache starts again empty.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly IGrainFactory _grains;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, IAccountGrain> _references = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>A cache over <paramref name="grains"/>.</summary>
    public AccountGrains(IGrainFactory grains) : this(grains, DefaultCapacity)
    {
    }

    /// <summary>A cache over <paramref name="grains"/> holding at most <paramref name="capacity"/> references.</summary>
    public AccountGrains(IGrainFactory grains, int capacity)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _grains = grains;
        _capacity = capacity;
    }

    /// <summary>References held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The grain of <paramref name="accountId"/>.</summary>
    public IAccountGrain For(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (_references.TryGetValue(accountId, out var grain))
        {
            return grain;
        }

        grain = _grains.GetGrain<IAccountGrain>(accountId);
        if (Volatile.Read(ref _count) >= _capacity)
        {
            // Making a reference again is cheap; an unbounded cache over a million accounts is not.
            _references.Clear();
            Volatile.Write(ref _count, 0);
        }

        if (_references.TryAdd(accountId, grain))
        {
            Interlocked.Increment(ref _count);
        }

        return grain;
    }
}
