using System.Globalization;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>
    /// QuickBooks Online names a sub-customer (in its key or its name) by its parent's name, a colon and its own
    /// ("Acme Corp:Plant 1", deeper levels "Acme Corp:Plant 1:Dock"), in its customer list and in every transaction. An account so named, with no parent of its
    /// own, takes as parent the account keyed as what precedes its last colon, else the one account so named; a prefix naming
    /// no account, or several, is left as it is (a colon in an ordinary name, "Re: Design", names none).
    /// </summary>
    private string? LinkSubCustomers()
    {
        // The colon is in the key where the display name is the key (the company is then the name), else in the name.
        const string Prefix = "trim(regexp_extract(CASE WHEN contains(child.account_id, ':') THEN child.account_id ELSE child.name END, '^(.*):[^:]*$', 1))";
        const string Orphans = "parent_account_id IS NULL AND (contains(account_id, ':') OR contains(name, ':'))";
        if (Count($"SELECT count(*) FROM (SELECT 1 FROM accounts WHERE {Orphans} LIMIT 1)") == 0)
        {
            return null; // most imports: no name to look up, so the names are not grouped
        }

        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE sl_sub_customers AS
            WITH children AS (SELECT account_id, {Prefix} AS prefix FROM accounts child WHERE {Orphans}),
            by_name AS (SELECT name, any_value(account_id) AS account_id FROM accounts WHERE name IS NOT NULL GROUP BY name HAVING count(*) = 1)
            SELECT c.account_id, coalesce(keyed.account_id, by_name.account_id) AS parent
            FROM children c LEFT JOIN accounts keyed ON keyed.account_id = c.prefix LEFT JOIN by_name ON by_name.name = c.prefix
            WHERE c.prefix <> '' AND coalesce(keyed.account_id, by_name.account_id) IS NOT NULL
                AND coalesce(keyed.account_id, by_name.account_id) <> c.account_id
            """);
        try
        {
            var count = Count("SELECT count(*) FROM sl_sub_customers");
            if (count == 0)
            {
                return null;
            }

            _workspace.Execute("UPDATE accounts SET parent_account_id = s.parent FROM sl_sub_customers s WHERE accounts.account_id = s.account_id");
            return string.Create(CultureInfo.InvariantCulture,
                $"{Counted(count, "account", "accounts")} named 'Parent:Child' (QuickBooks' sub-customers) {(count == 1 ? "takes" : "take")} the account named before the last ':' as parent account");
        }
        finally
        {
            _workspace.Execute("DROP TABLE IF EXISTS sl_sub_customers");
        }
    }
}
