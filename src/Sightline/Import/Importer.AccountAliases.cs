using System.Globalization;
using Sightline.Data;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>
    /// Headers naming the one id a buyer keeps across the ids a system gives it per order or per visit: Olist's customers
    /// file has customer_id, new for every order, beside customer_unique_id, the person.
    /// </summary>
    private static readonly HashSet<string> UniqueIdHeaders = new(StringComparer.Ordinal)
    {
        "customeruniqueid", "uniquecustomerid", "accountuniqueid", "uniqueaccountid", "clientuniqueid", "uniqueclientid",
        "companyuniqueid", "uniquecompanyid", "buyeruniqueid", "uniquebuyerid", "uniqueid",
    };

    /// <summary>
    /// For an accounts file whose rows' ids are per order (or per visit) and whose unique-id column names the buyer across
    /// them (<see cref="UniqueIdHeaders"/>), the two columns; null otherwise. Only when some unique id stands for rows of
    /// different ids: a unique id that is just another name for each row's own id changes nothing and stays an attribute.
    /// </summary>
    private (MappedColumn Own, MappedColumn Unique)? AccountIdsOfOneBuyer(TableSpec table, IReadOnlyList<MappedColumn> mapped, SourceFile source)
    {
        if (table.Name != "accounts" || mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "account_id") is not { } own
            || mapped.FirstOrDefault(m => m.IsCustom && UniqueIdHeaders.Contains(ColumnMapper.Normalise(m.Header))) is not { } unique)
        {
            return null;
        }

        string Cell(MappedColumn column) => $"nullif(trim({source.RawColumn(column.Position + 1)}), '')";
        var shared = Count($"""
            SELECT count(*) FROM (SELECT {Cell(unique)} AS u FROM {source.Reader(storeRejects: false)}
                                  WHERE {Cell(unique)} IS NOT NULL GROUP BY u HAVING count(DISTINCT {Cell(own)}) > 1)
            """);
        return shared > 0 ? (own, unique) : null;
    }

    /// <summary>
    /// Reads the unique id as each row's account_id (the row's own id where it is blank) and the row's own id as a custom
    /// column, which <see cref="OneAccountPerBuyer"/> turns into aliases once the rows are staged.
    /// </summary>
    private static (IReadOnlyList<MappedColumn> Mapped, Func<int, string> RawColumn) KeyedByUniqueId(IReadOnlyList<MappedColumn> mapped, Func<int, string> rawColumn,
        MappedColumn own, MappedColumn unique)
    {
        var remapped = mapped.Select(m => m == own ? new MappedColumn(m.Header, m.Position, ColumnMapper.SnakeCase(m.Header, m.Position), IsCustom: true)
            : m == unique ? new MappedColumn(m.Header, m.Position, "account_id", IsCustom: false) : m).ToList();
        return (remapped, k => k == unique.Position + 1 ? $"coalesce(nullif(trim({rawColumn(k)}), ''), {rawColumn(own.Position + 1)})" : rawColumn(k));
    }

    /// <summary>
    /// One account per buyer: each row's own id becomes an alias of its buyer's account (kept in a temporary table and
    /// written with the accounts, <see cref="WriteAccountAliases"/>), and of the rows of one buyer only the last in the file
    /// is loaded, with a note; the others are counted as skipped rows, so every line is accounted for.
    /// </summary>
    private void OneAccountPerBuyer(FileStage stage)
    {
        if (stage.BuyerIds is not var (own, unique))
        {
            return;
        }

        var ownColumn = stage.Customs.First(c => c.Position == own.Position);
        stage.Customs.Remove(ownColumn);
        var aliases = $"{Stg}_aliases"; // one of StageSideTables
        var givenBy = $"{stage.Source.Name}: '{own.Header}' beside '{unique.Header}'";
        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE {aliases} AS
            SELECT alias, arg_max(t_account_id, rowid) AS account_id, {Sql.Literal(givenBy)} AS given_by
            FROM (SELECT nullif(trim(r{own.Position}), '') AS alias, t_account_id, rowid FROM {Stg})
            WHERE alias IS NOT NULL AND t_account_id IS NOT NULL AND alias <> t_account_id
            GROUP BY alias
            """);
        stage.AliasTable = aliases;
        var earlier = $"t_account_id IS NOT NULL AND rowid < (SELECT max(rowid) FROM {Stg} later WHERE later.t_account_id = {Stg}.t_account_id)";
        var skipped = Count($"SELECT count(*) FROM {Stg} WHERE {earlier}");
        var buyers = Count($"SELECT count(DISTINCT t_account_id) FROM {Stg}");
        if (skipped > 0)
        {
            _workspace.Execute($"DELETE FROM {Stg} WHERE {earlier}");
            stage.SkippedRows += skipped;
        }

        stage.Source.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{stage.Source.Name}: each account's id is its '{unique.Header}' (its '{own.Header}' where that is blank): {Sightline.Counted.Of(buyers, "account")} from {Sightline.Counted.Of(buyers + skipped, "row")}. ")
            + (skipped == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
                $"{skipped:N0} row{(skipped == 1 ? " was an" : "s were")} earlier row{(skipped == 1 ? "" : "s")} of an account a later row gives again: not loaded, the later row's values are. "))
            + $"A '{own.Header}' is kept as another id of its account, so orders, contacts and touches that name it are its account's");
    }

    /// <summary>
    /// Stores the aliases of the accounts this file loaded (a rejected row's are not), replacing what an alias meant before;
    /// replacing the accounts forgets every alias (<see cref="WriteRows"/>).
    /// </summary>
    private void WriteAccountAliases(FileStage stage)
    {
        if (stage.AliasTable is not { } aliases)
        {
            return;
        }

        _workspace.Execute($"""
            INSERT OR REPLACE INTO account_aliases SELECT a.alias, a.account_id, a.given_by FROM {aliases} a SEMI JOIN accounts p ON p.account_id = a.account_id
            """);
    }

    /// <summary>
    /// A reference to an account by another id of it (<see cref="OneAccountPerBuyer"/>): read as the account's id, with a
    /// note. Not for a reference that is part of the table's key, whose repeats were checked as written.
    /// </summary>
    private void ReadAccountAliases(TableSpec table, ForeignKey reference)
    {
        if (reference.Table != "accounts" || table.Name == "accounts" || table.Key.Contains(reference.Column)
            || Count("SELECT count(*) FROM account_aliases") == 0)
        {
            return;
        }

        var column = $"t_{reference.Column}";
        var aliased = $"{Stg}.{column} = a.alias AND NOT EXISTS (SELECT 1 FROM accounts p WHERE p.account_id = {Stg}.{column})";
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT count(*), any_value({Stg}.{column} || ''' is ''' || a.account_id), any_value(a.given_by) FROM {Stg} JOIN account_aliases a ON {aliased}";
        using var reader = Workspaces.Workspace.TracedReader(command);
        reader.Read();
        if (reader.GetInt64(0) is > 0 and var count)
        {
            _stage!.Source.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{reference.Column}: {count:N0} value{(count == 1 ? " was another id" : "s were other ids")} of an account (given by {reader.GetString(2)}), "
                + $"read as {(count == 1 ? "its" : "their")} account's id (e.g. '{reader.GetString(1)}')"));
            _workspace.Execute($"UPDATE {Stg} SET {column} = a.account_id FROM account_aliases a WHERE {aliased}");
        }
    }
}
