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
    public (long Total, List<string> Page) Search(string lowered, string text, long skip, int take)
    {
        var name = Encoding.UTF8.GetBytes(lowered);
        var id = Encoding.UTF8.GetBytes(text);
        long total = 0;
        var page = new List<string>(Math.Min(take, 64));
        var nameStart = 0;
        var idStart = 0;
        for (var i = 0; i < _idEnds.Length; i++)
        {
            var names = _names.AsSpan(nameStart, _nameEnds[i] - nameStart);
            var ids = _ids.AsSpan(idStart, _idEnds[i] - idStart);
            if (names.IndexOf(name) >= 0 || ids.StartsWith(id))
            {
                if (total >= skip && page.Count < take)
                {
                    page.Add(Encoding.UTF8.GetString(ids));
                }

                total++;
            }

            nameStart = _nameEnds[i];
            idStart = _idEnds[i];
        }

        return (total, page);
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
            nameEnds.Add(checked((int)names.Length));
        }

        return new AccountNameIndex(stamp, names.ToArray(), [.. nameEnds], ids.ToArray(), [.. idEnds]);
    }
}
