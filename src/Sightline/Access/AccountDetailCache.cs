namespace Sightline.Access;

/// <summary>
/// The most recently read account details of one serving stamp, least recently used out first. A detail costs some
/// thirty DuckDB column scans (about 40 ms of CPU on 2 cores), and people open the same accounts again and again (a rep
/// its book, a manager its reviews), so a repeat view is served from memory. The key is the serving stamp: a new batch
/// run, import or territory change makes a new stamp and the old entries unreachable, so nothing stale is served that
/// the serving tables would not serve too. What the caller may see is checked on every call, outside the cache.
/// </summary>
internal sealed class AccountDetailCache(int capacity)
{
    /// <summary>Entries kept per workspace; about 30 KB each, so the default holds a large team's book in some 120 MB.</summary>
    public const int DefaultCapacity = 4096;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, AccountDetailCache> Workspaces = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, AccountDetail Detail)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, AccountDetail Detail)> _order = new();
    private string _stamp = "";

    /// <summary>How many entries each workspace keeps; 0 turns the cache off (the benchmark's cold rows).</summary>
    public static int Capacity { get; set; } = ReadCapacity();

    /// <summary>The cache of a workspace folder.</summary>
    public static AccountDetailCache For(string directory) => Workspaces.GetOrAdd(directory, _ => new AccountDetailCache(Capacity));

    /// <summary>The detail of <paramref name="accountId"/> at <paramref name="stamp"/>, loaded once while it stays in the cache.</summary>
    public AccountDetail? GetOrLoad(string stamp, string accountId, Func<AccountDetail?> load)
    {
        if (capacity <= 0 || stamp.Length == 0)
        {
            return load();
        }

        lock (_lock)
        {
            if (_stamp == stamp && _entries.TryGetValue(accountId, out var hit))
            {
                _order.Remove(hit);
                _order.AddFirst(hit);
                return hit.Value.Detail;
            }
        }

        // Loaded outside the lock: two threads missing the same account both read it, and the second store wins.
        var detail = load();
        if (detail is null)
        {
            return null;
        }

        lock (_lock)
        {
            if (_stamp != stamp)
            {
                _stamp = stamp;
                _entries.Clear();
                _order.Clear();
            }

            if (_entries.Remove(accountId, out var old))
            {
                _order.Remove(old);
            }

            _entries[accountId] = _order.AddFirst((accountId, detail));
            while (_entries.Count > capacity)
            {
                _entries.Remove(_order.Last!.Value.Key);
                _order.RemoveLast();
            }
        }

        return detail;
    }

    /// <summary>Forgets every entry.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _order.Clear();
        }
    }

    private static int ReadCapacity() =>
        int.TryParse(Environment.GetEnvironmentVariable("SIGHTLINE_DETAIL_CACHE"), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var entries) ? entries : DefaultCapacity;
}
