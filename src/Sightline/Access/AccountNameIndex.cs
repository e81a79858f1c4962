using System.Text;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>
/// Every account's lower-cased name and id as UTF-8 in two flat buffers, in the search's order (probability high to
/// low, then id), with what a result page shows of each: account lists and searches are answered in memory. For a name
/// search over all accounts DuckDB decompresses and tests every name of a million twice (count and page) in some
/// 150 ms of CPU, a vectorised byte search over 30 MB takes a few milliseconds; a team's list reads its row groups of
/// <c>account_access</c> each time (some 50 ms for a manager of 1,200 accounts), its positions here are found once per
/// snapshot. The answers are the SQL's: <c>contains(lower(name), lower(text)) OR starts_with(account_id, text)</c>,
/// with DuckDB's own <c>lower</c> on both sides, and equality on segment, band and owner. One index per workspace and
/// serving stamp, built on first use.
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
    private readonly Rows _rows;

    private AccountNameIndex(string stamp, byte[] names, int[] nameEnds, byte[] ids, int[] idEnds, Rows rows)
    {
        _stamp = stamp;
        _names = names;
        _nameEnds = nameEnds;
        _ids = ids;
        _idEnds = idEnds;
        _rows = rows;
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
    public bool Contains(string accountId) => Find(accountId) >= 0;

    /// <summary>The positions of the accounts it holds among <paramref name="accountIds"/>, ascending (the search's order).</summary>
    public int[] PositionsOf(IEnumerable<string> accountIds)
    {
        var positions = accountIds.Select(Find).Where(p => p >= 0).ToArray();
        Array.Sort(positions);
        return positions;
    }

    /// <summary>
    /// How many accounts among <paramref name="within"/> (ascending positions; null: every account) pass the query's
    /// search, segment, band and owner filters, and the page of them, as the serving table's SQL answers. A territory
    /// filter is not held here (an account may lie in several territories).
    /// </summary>
    public (long Total, List<AccountRow> Page) Query(int[]? within, AccountQuery query, string? lowered)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!string.IsNullOrWhiteSpace(query.Territory))
        {
            throw new ArgumentException("a territory filter is answered by SQL", nameof(query));
        }

        var skip = (long)(query.Page - 1) * query.PageSize;
        var search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim();
        var name = search is null ? null : Encoding.UTF8.GetBytes(lowered ?? throw new ArgumentNullException(nameof(lowered)));
        var id = search is null ? null : Encoding.UTF8.GetBytes(search);
        var equals = new List<(int Column, int Code)>();
        foreach (var (column, value) in new[] { (Rows.Segment, query.Segment), (Rows.Band, query.Band), (Rows.Owner, query.Rep) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                equals.Add((column, _rows.CodeOf(value.Trim())));
            }
        }

        if (within is null && equals.Count == 0 && search is not null)
        {
            return Search(lowered!, search, skip, query.PageSize); // over every name at once, faster than name by name
        }

        var count = within?.Length ?? Count;
        var page = new List<AccountRow>(Math.Min(query.PageSize, 64));
        if (name is null && equals.Count == 0)
        {
            for (var k = skip; k < count && page.Count < query.PageSize; k++)
            {
                page.Add(RowAt(within is null ? (int)k : within[k]));
            }

            return (count, page);
        }

        if (equals.Exists(e => e.Code < 0))
        {
            return (0, page); // a value no account holds
        }

        var columns = equals.Select(e => _rows.Codes(e.Column)).ToArray();
        var codes = equals.Select(e => e.Code).ToArray();
        long total = 0;
        for (var k = 0; k < count; k++)
        {
            var position = within is null ? k : within[k];
            if (!Passes(position, columns, codes) || (name is not null && Name(position).IndexOf(name) < 0 && !Id(position).StartsWith(id)))
            {
                continue;
            }

            if (total >= skip && page.Count < query.PageSize)
            {
                page.Add(RowAt(position));
            }

            total++;
        }

        return (total, page);
    }

    private static bool Passes(int position, int[][] columns, int[] codes)
    {
        for (var c = 0; c < columns.Length; c++)
        {
            if (columns[c][position] != codes[c])
            {
                return false;
            }
        }

        return true;
    }

    private AccountRow RowAt(int position) => _rows.Row(Encoding.UTF8.GetString(Id(position)), position);

    /// <summary>How many accounts match, and the rows of the matches at positions [skip, skip + take) in the search's order.</summary>
    /// <remarks>
    /// Names are searched as one buffer (each name ends with a 0 byte, which no search text holds, so a match never
    /// spans two names), jumping to the next name after each hit; ids by prefix through the id-sorted order. The two
    /// ascending lists of positions are merged.
    /// </remarks>
    public (long Total, List<AccountRow> Page) Search(string lowered, string text, long skip, int take)
    {
        var byName = NameMatches(Encoding.UTF8.GetBytes(lowered));
        var byId = IdPrefixMatches(Encoding.UTF8.GetBytes(text));
        long total = 0;
        var page = new List<AccountRow>(Math.Min(take, 64));
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
                page.Add(RowAt(next));
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

    /// <summary>The position of an account, or -1.</summary>
    private int Find(string accountId)
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
                return _byId[middle];
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return -1;
    }

    /// <summary>The lower-cased name at a position, without its 0 byte.</summary>
    private ReadOnlySpan<byte> Name(int i)
    {
        var start = i == 0 ? 0 : _nameEnds[i - 1];
        return _names.AsSpan(start, _nameEnds[i] - start - 1);
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
        var rows = new Rows();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"""
            SELECT account_id, coalesce(name_key, ''), name, industry, region, owner_rep_id, territory_id, segment, band, probability, potential, white_space
            FROM {AccountServing.Table} ORDER BY probability DESC NULLS LAST, account_id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Write(Encoding.UTF8.GetBytes(reader.GetString(0)));
            idEnds.Add(checked((int)ids.Length));
            names.Write(Encoding.UTF8.GetBytes(reader.GetString(1)));
            names.WriteByte(0);
            nameEnds.Add(checked((int)names.Length));
            rows.Add(reader);
        }

        return new AccountNameIndex(stamp, names.ToArray(), [.. nameEnds], ids.ToArray(), [.. idEnds], rows.Seal());
    }

    /// <summary>
    /// What a search page shows of each account, by position, so a page needs no read from the table (for ids spread over
    /// a million rows DuckDB's <c>IN</c> list prunes nothing and scans them all). Column-wise and compact: display
    /// names as UTF-8, the few distinct texts as codes, numbers with a null mask; about 60 bytes an account.
    /// </summary>
    private sealed class Rows
    {
        /// <summary>The text columns: industry, region, owner, territory, segment, band.</summary>
        public const int Owner = 2;
        public const int Segment = 4;
        public const int Band = 5;
        private const int Texts = 6;
        private const int Numbers = 3;

        private readonly MemoryStream _nameBytes = new();
        private readonly List<int> _nameEndList = [];
        private readonly List<string?> _values = [null]; // code 0 is null
        private readonly Dictionary<string, int> _codeOf = new(StringComparer.Ordinal);
        private readonly List<int>[] _codeLists = [.. Enumerable.Range(0, Texts).Select(_ => new List<int>())];
        private readonly List<double>[] _numberLists = [.. Enumerable.Range(0, Numbers).Select(_ => new List<double>())];
        private readonly List<bool>[] _nullLists = [.. Enumerable.Range(0, Numbers).Select(_ => new List<bool>())];
        private byte[] _names = [];
        private int[] _nameEnds = [];
        private int[][] _codes = [];
        private double[][] _numbers = [];
        private System.Collections.BitArray[] _nulls = [];

        /// <summary>Adds the row the reader is on (columns 2 to 11 of the index's statement).</summary>
        public void Add(System.Data.IDataRecord record)
        {
            _nameBytes.Write(Encoding.UTF8.GetBytes(record.GetString(2)));
            _nameEndList.Add(checked((int)_nameBytes.Length));
            for (var t = 0; t < Texts; t++)
            {
                _codeLists[t].Add(Code(record.IsDBNull(3 + t) ? null : record.GetString(3 + t)));
            }

            for (var n = 0; n < Numbers; n++)
            {
                var missing = record.IsDBNull(9 + n);
                _nullLists[n].Add(missing);
                _numberLists[n].Add(missing ? 0 : Convert.ToDouble(record.GetValue(9 + n), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        /// <summary>Turns the lists into arrays once every row is in.</summary>
        public Rows Seal()
        {
            _names = _nameBytes.ToArray();
            _nameEnds = [.. _nameEndList];
            _codes = [.. _codeLists.Select(l => l.ToArray())];
            _numbers = [.. _numberLists.Select(l => l.ToArray())];
            _nulls = [.. _nullLists.Select(l => new System.Collections.BitArray(l.ToArray()))];
            _nameBytes.Dispose();
            _nameEndList.Clear();
            Array.ForEach(_codeLists, l => l.Clear());
            Array.ForEach(_numberLists, l => l.Clear());
            Array.ForEach(_nullLists, l => l.Clear());
            return this;
        }

        public AccountRow Row(string accountId, int i)
        {
            var start = i == 0 ? 0 : _nameEnds[i - 1];
            string? Text(int t) => _values[_codes[t][i]];
            double? Number(int n) => _nulls[n][i] ? null : _numbers[n][i];
            return new AccountRow(accountId, Encoding.UTF8.GetString(_names, start, _nameEnds[i] - start), Text(0), Text(1), Text(2), Text(3), Text(4), Text(5),
                Number(0), Number(1), Number(2));
        }

        /// <summary>The code of a text, or -1 when no row holds it.</summary>
        public int CodeOf(string value) => _codeOf.TryGetValue(value, out var code) ? code : -1;

        /// <summary>The codes of text column <paramref name="column"/> by position (0: null).</summary>
        public int[] Codes(int column) => _codes[column];

        private int Code(string? value)
        {
            if (value is null)
            {
                return 0;
            }

            if (!_codeOf.TryGetValue(value, out var code))
            {
                code = _values.Count;
                _values.Add(value);
                _codeOf[value] = code;
            }

            return code;
        }
    }
}
