using System.Text;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>
/// Every account's lower-cased name and id as UTF-8 in two flat buffers, in the search's order (probability high to
/// low, then id), for a search over all accounts by name alone: DuckDB decompresses and tests every name of a million
/// twice (count and page) in some 150 ms of CPU, a vectorised byte search over 30 MB takes a few milliseconds. The
/// answer is the same as the SQL's: <c>contains(lower(name), lower(text)) OR starts_with(account_id, text)</c>, with
/// DuckDB's own <c>lower</c> on both sides. One index per workspace and serving stamp, built on first use.
/// </summary>
internal sealed class AccountNameIndex
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, AccountNameIndex> Built = new(StringComparer.Ordinal);
    private static readonly Lock Building = new();

    private readonly string _stamp;
    private readonly byte[] _names;
    private readonly int[] _nameEnds;
    private readonly byte[] _ids;
    private readonly int[] _idEnds;
    private readonly int[] _byId;

    private AccountNameIndex(string stamp, byte[] names, int[] nameEnds, byte[] ids, int[] idEnds)
    {
        _stamp = stamp;
        _names = names;
        _nameEnds = nameEnds;
        _ids = ids;
        _idEnds = idEnds;
        _byId = [.. Enumerable.Range(0, idEnds.Length)];
        Array.Sort(_byId, (a, b) => Id(a).SequenceCompareTo(Id(b)));
    }

    /// <summary>How many accounts it holds.</summary>
    public int Count => _idEnds.Length;

    /// <summary>
    /// The index of the serving tables at <paramref name="serving"/>'s stamp; null while another thread builds it (the
    /// caller searches with SQL meanwhile).
    /// </summary>
    public static AccountNameIndex? For(Workspace workspace, ServingSnapshot serving)
    {
        if (Built.TryGetValue(workspace.Directory, out var index) && index._stamp == serving.Stamp)
        {
            return index;
        }

        if (!Building.TryEnter())
        {
            return null;
        }

        try
        {
            if (!Built.TryGetValue(workspace.Directory, out index) || index._stamp != serving.Stamp)
            {
                index = Load(workspace, serving.Stamp);
                Built[workspace.Directory] = index;
            }

            return index;
        }
        finally
        {
            Building.Exit();
        }
    }

    /// <summary>Whether the account exists (a binary search over the ids' UTF-8 bytes; no database round trip).</summary>
    public bool Contains(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var wanted = Encoding.UTF8.GetBytes(accountId);
        int low = 0, high = _byId.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = Id(_byId[middle]).SequenceCompareTo(wanted);
            if (order == 0)
            {
                return true;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return false;
    }

    /// <summary>How many accounts match, and the ids of the matches at positions [skip, skip + take) in the search's order.</summary>
    /// <remarks>
    /// Names are searched as one buffer (each name ends with a 0 byte, which no search text holds, so a match never
    /// spans two names), jumping to the next name after each hit; ids by prefix through the id-sorted order. The two
    /// ascending lists of positions are merged.
    /// </remarks>
    public (long Total, List<string> Page) Search(string lowered, string text, long skip, int take)
    {
        var byName = NameMatches(Encoding.UTF8.GetBytes(lowered));
        var byId = IdPrefixMatches(Encoding.UTF8.GetBytes(text));
        long total = 0;
        var page = new List<string>(Math.Min(take, 64));
        int a = 0, b = 0;
        while (a < byName.Count || b < byId.Count)
        {
            int next;
            if (b >= byId.Count || (a < byName.Count && byName[a] < byId[b]))
            {
                next = byName[a++];
            }
            else
            {
                next = byId[b++];
                if (a < byName.Count && byName[a] == next)
                {
                    a++;
                }
            }

            if (total >= skip && page.Count < take)
            {
                page.Add(Encoding.UTF8.GetString(Id(next)));
            }

            total++;
        }

        return (total, page);
    }

    /// <summary>The positions whose name contains <paramref name="name"/>, ascending.</summary>
    private List<int> NameMatches(byte[] name)
    {
        if (name.Length == 0)
        {
            return [.. Enumerable.Range(0, _nameEnds.Length)];
        }

        var matches = new List<int>();
        if (Array.IndexOf(name, (byte)0) >= 0)
        {
            return matches; // no name holds a 0 byte; here it would match across the separator
        }

        var all = _names.AsSpan();
        var from = 0;
        while (from < all.Length)
        {
            var at = all[from..].IndexOf(name);
            if (at < 0)
            {
                break;
            }

            var position = Array.BinarySearch(_nameEnds, from + at);
            position = position < 0 ? ~position : position + 1; // the name whose end (past its 0 byte) lies beyond the hit
            matches.Add(position);
            from = _nameEnds[position];
        }

        return matches;
    }

    /// <summary>The positions whose id starts with <paramref name="prefix"/>, ascending.</summary>
    private List<int> IdPrefixMatches(byte[] prefix)
    {
        int low = 0, high = _byId.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (Id(_byId[middle]).SequenceCompareTo(prefix) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var matches = new List<int>();
        for (var k = low; k < _byId.Length && Id(_byId[k]).StartsWith(prefix); k++)
        {
            matches.Add(_byId[k]);
        }

        matches.Sort();
        return matches;
    }

    private ReadOnlySpan<byte> Id(int i)
    {
        var start = i == 0 ? 0 : _idEnds[i - 1];
        return _ids.AsSpan(start, _idEnds[i] - start);
    }

    private static AccountNameIndex Load(Workspace workspace, string stamp)
    {
        using var names = new MemoryStream();
        using var ids = new MemoryStream();
        var nameEnds = new List<int>();
        var idEnds = new List<int>();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT account_id, coalesce(name_key, '') FROM {AccountServing.Table} ORDER BY probability DESC NULLS LAST, account_id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Write(Encoding.UTF8.GetBytes(reader.GetString(0)));
            idEnds.Add(checked((int)ids.Length));
            names.Write(Encoding.UTF8.GetBytes(reader.GetString(1)));
            names.WriteByte(0);
            nameEnds.Add(checked((int)names.Length));
        }

        return new AccountNameIndex(stamp, names.ToArray(), [.. nameEnds], ids.ToArray(), [.. idEnds]);
    }
}
