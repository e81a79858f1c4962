using System.Text;
using Sightline.Data;

namespace Sightline.Workspaces;

/// <summary>The workspace schema, as an ordered list of steps. A step is never edited once released: add one.</summary>
internal static class Migrations
{
    /// <summary>SQL per version; index 0 brings an empty database to version 1.</summary>
    public static readonly IReadOnlyList<string> Steps =
    [
        // 1: the canonical tables.
        CanonicalTablesSql(),

        // 2: import bookkeeping: what was loaded, rejected, flagged, and which attributes exist.
        """
        CREATE TABLE import_runs (
            run_id VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
            mode VARCHAR NOT NULL, files INTEGER NOT NULL, rows_read BIGINT NOT NULL,
            rows_loaded BIGINT NOT NULL, rows_rejected BIGINT NOT NULL);
        CREATE TABLE import_files (
            run_id VARCHAR NOT NULL, file VARCHAR NOT NULL, table_name VARCHAR NOT NULL,
            format VARCHAR NOT NULL, encoding VARCHAR, delimiter VARCHAR,
            rows_read BIGINT NOT NULL, rows_loaded BIGINT NOT NULL, rows_rejected BIGINT NOT NULL,
            notes VARCHAR);
        CREATE TABLE rejects (
            run_id VARCHAR NOT NULL, file VARCHAR NOT NULL, table_name VARCHAR NOT NULL,
            line BIGINT, raw VARCHAR, reason VARCHAR NOT NULL);
        CREATE TABLE import_flags (
            run_id VARCHAR NOT NULL, table_name VARCHAR NOT NULL, row_key VARCHAR NOT NULL,
            file VARCHAR NOT NULL, line BIGINT, column_name VARCHAR NOT NULL, value VARCHAR,
            flag VARCHAR NOT NULL);
        CREATE TABLE attribute_catalog (
            table_name VARCHAR NOT NULL, column_name VARCHAR NOT NULL, data_type VARCHAR NOT NULL,
            source_header VARCHAR NOT NULL, source_file VARCHAR NOT NULL, first_run_id VARCHAR NOT NULL);
        CREATE TABLE attribute_sets (
            set_name VARCHAR NOT NULL, table_name VARCHAR NOT NULL, source_file VARCHAR NOT NULL,
            key_column VARCHAR NOT NULL, run_id VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL,
            rows BIGINT NOT NULL, matched_accounts BIGINT NOT NULL, unmatched_rows BIGINT NOT NULL);
        """,

        // 3: pipeline runs and the segment memberships of each run (for migration between runs).
        """
        CREATE TABLE runs (
            run_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, as_of DATE, started_at TIMESTAMP NOT NULL,
            finished_at TIMESTAMP, summary VARCHAR);
        CREATE TABLE segment_members (run_id VARCHAR NOT NULL, segment VARCHAR NOT NULL, account_id VARCHAR NOT NULL);
        CREATE TABLE segment_assignments (run_id VARCHAR NOT NULL, account_id VARCHAR NOT NULL, segment VARCHAR NOT NULL);
        """,

        // 4: scoring: trained models as artefacts, per-account scores with reasons, rep questionnaires.
        """
        CREATE TABLE models (
            model_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, target VARCHAR NOT NULL, run_id VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL, as_of DATE, training_hash VARCHAR NOT NULL, features VARCHAR NOT NULL,
            parameters VARCHAR NOT NULL, metrics VARCHAR NOT NULL, artefact VARCHAR NOT NULL);
        CREATE TABLE account_scores (
            run_id VARCHAR NOT NULL, model_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, account_id VARCHAR NOT NULL,
            product_family VARCHAR, probability DOUBLE NOT NULL, expected_amount DOUBLE, band VARCHAR,
            out_of_fold BOOLEAN NOT NULL, raising VARCHAR, lowering VARCHAR);
        CREATE TABLE questionnaires (
            questionnaire_id VARCHAR NOT NULL, run_id VARCHAR NOT NULL, target VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL, questions INTEGER NOT NULL, accuracy DOUBLE NOT NULL,
            holdout_accounts INTEGER NOT NULL, tree VARCHAR NOT NULL, text VARCHAR NOT NULL);
        """,

        // 5: customer lifetime value per account and run (BG/NBD + Gamma-Gamma); t_x and T in the run's time unit.
        """
        CREATE TABLE account_clv (
            run_id VARCHAR NOT NULL, account_id VARCHAR NOT NULL, x INTEGER NOT NULL, t_x DOUBLE NOT NULL, "T" DOUBLE NOT NULL,
            p_alive DOUBLE NOT NULL, expected_purchases DOUBLE NOT NULL, expected_spend DOUBLE NOT NULL, clv DOUBLE NOT NULL);
        """,

        // 6: server users (name_key is the lower-cased name, so names are unique ignoring case), the audit log,
        // outcomes recorded on accounts, and rep overrides of list priority awaiting a manager's decision.
        """
        CREATE TABLE users (
            name VARCHAR NOT NULL, name_key VARCHAR NOT NULL PRIMARY KEY, role VARCHAR NOT NULL, rep_id VARCHAR,
            password_hash VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL);
        CREATE TABLE audit_log (logged_at TIMESTAMP NOT NULL, actor VARCHAR, action VARCHAR NOT NULL, target VARCHAR, detail VARCHAR);
        CREATE TABLE account_outcomes (
            outcome_id VARCHAR NOT NULL, account_id VARCHAR NOT NULL, outcome VARCHAR NOT NULL, reason VARCHAR NOT NULL,
            recorded_by VARCHAR NOT NULL, rep_id VARCHAR, recorded_at TIMESTAMP NOT NULL);
        CREATE TABLE list_overrides (
            override_id VARCHAR NOT NULL, account_id VARCHAR NOT NULL, rep_id VARCHAR NOT NULL, action VARCHAR NOT NULL,
            reason VARCHAR NOT NULL, requested_by VARCHAR NOT NULL, requested_at TIMESTAMP NOT NULL, status VARCHAR NOT NULL,
            decided_by VARCHAR, decided_at TIMESTAMP, decision_note VARCHAR);
        """,

        // 7: what the server reads per request, precomputed from the pipeline's outputs (Access/AccountServing): one row per
        // account for search pages, rep → account pairs (with the search columns, so a team's search reads only its rows), the latest run per score kind and of CLV, and
        // the stamp of the sources they were built from (a differing stamp rebuilds them).
        """
        CREATE TABLE account_serving (
            account_id VARCHAR NOT NULL, name VARCHAR NOT NULL, name_key VARCHAR NOT NULL, industry VARCHAR, region VARCHAR,
            owner_rep_id VARCHAR, territory_id VARCHAR, segment VARCHAR, segments VARCHAR[], band VARCHAR, probability DOUBLE,
            potential DOUBLE, white_space DOUBLE);
        CREATE TABLE account_access (
            rep_id VARCHAR NOT NULL, account_id VARCHAR NOT NULL, name VARCHAR NOT NULL, name_key VARCHAR NOT NULL, industry VARCHAR,
            region VARCHAR, owner_rep_id VARCHAR, territory_id VARCHAR, segment VARCHAR, band VARCHAR, probability DOUBLE,
            potential DOUBLE, white_space DOUBLE);
        CREATE TABLE serving_runs (source VARCHAR NOT NULL, run_id VARCHAR);
        CREATE TABLE serving_state (stamp VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL);
        """,

        // 8: the real-time touchpoint log (Realtime/TouchpointLog): every acknowledged event once, by event_id, in the
        // order it was committed (sequence), so a reader can replay everything after a sequence number.
        """
        CREATE TABLE touchpoint_log (
            event_id VARCHAR NOT NULL PRIMARY KEY, account_id VARCHAR NOT NULL, occurred_at TIMESTAMP NOT NULL, channel VARCHAR NOT NULL,
            kind VARCHAR, direction VARCHAR, contact_id VARCHAR, outcome VARCHAR, product_family VARCHAR, ticket_id VARCHAR,
            ticket_state VARCHAR, received_at TIMESTAMP NOT NULL, sequence BIGINT NOT NULL UNIQUE);
        """,

        // 9: an activating account grain reads its account's logged events; without an index that scanned the whole log.
        """
        CREATE INDEX touchpoint_log_account ON touchpoint_log (account_id);
        """,

        // 10: a batch's copy of a cluster's PostgreSQL touchpoint log (Realtime/ClusterTouchpointLogCopy), with the same
        // columns, and which log it was copied from (a copy of another log is replaced, never merged).
        """
        CREATE TABLE cluster_touchpoint_log (
            event_id VARCHAR NOT NULL PRIMARY KEY, account_id VARCHAR NOT NULL, occurred_at TIMESTAMP NOT NULL, channel VARCHAR NOT NULL,
            kind VARCHAR, direction VARCHAR, contact_id VARCHAR, outcome VARCHAR, product_family VARCHAR, ticket_id VARCHAR,
            ticket_state VARCHAR, received_at TIMESTAMP NOT NULL, sequence BIGINT NOT NULL UNIQUE);
        CREATE TABLE cluster_touchpoint_log_source (log VARCHAR NOT NULL, description VARCHAR NOT NULL, copied_at TIMESTAMP NOT NULL);
        """,

        // 11: notes about an import command rather than one of its files (the files of a folder or archive skipped as naming no table).
        """
        ALTER TABLE import_runs ADD COLUMN notes VARCHAR;
        """,

        // 12: another id an account is known by (Import/Importer.AccountAliases): a customers file that gives each order's
        // customer an id of its own beside the buyer's lasting one (Olist's customer_id and customer_unique_id).
        """
        CREATE TABLE account_aliases (alias VARCHAR NOT NULL PRIMARY KEY, account_id VARCHAR NOT NULL, given_by VARCHAR NOT NULL);
        """,

        // 13: which products are no merchandise (Import/NonMerchandise): postage, discounts, fees and the like keep their lines in
        // revenue but count as no product. NULL for merchandise; an existing workspace's products are marked by its next import.
        """
        ALTER TABLE products ADD COLUMN line_kind VARCHAR;
        """,
    ];

    /// <summary>The version this binary writes.</summary>
    public static int Current => Steps.Count;

    /// <summary>The tables the steps after <paramref name="version"/> create (none of them may exist yet).</summary>
    public static IReadOnlyList<string> TablesCreatedAfter(int version) =>
        Steps.Skip(Math.Max(version, 0))
            .SelectMany(step => System.Text.RegularExpressions.Regex.Matches(step, @"CREATE TABLE (\w+)").Select(m => m.Groups[1].Value))
            .ToList();

    private static string CanonicalTablesSql()
    {
        var sql = new StringBuilder();
        foreach (var table in CanonicalSchema.Tables)
        {
            var columns = table.Columns.Select(c => $"{c.Name} {c.SqlType}{(c.Required ? " NOT NULL" : "")}");
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"CREATE TABLE {table.Name} ({string.Join(", ", columns)});\n");
        }

        return sql.ToString();
    }
}
