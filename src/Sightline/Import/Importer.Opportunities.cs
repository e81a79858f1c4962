using Sightline.Data;

namespace Sightline.Import;

public sealed partial class Importer
{
    // Normalised headers (Pipedrive's "Deal - " prefix taken off) of an opportunity export's outcome and its reason.
    // Insightly's "Opportunity State" and Close's "Status Type" hold the same outcome.
    private static readonly HashSet<string> StatusHeaders = new(StringComparer.Ordinal) { "status", "dealstatus", "opportunitystatus", "opportunitystate", "statustype" };
    private static readonly HashSet<string> StatusReasonHeaders = new(StringComparer.Ordinal) { "statusreason", "opportunitystatusreason" };

    /// <summary>
    /// What a file's mapping gains from columns read into others: the columns, how each reads, rules on the source columns,
    /// and the statement (given the staging table) that fills columns read after staging, or null.
    /// </summary>
    private sealed record DerivedColumns(IReadOnlyList<MappedColumn> Mapped, Func<int, string> RawColumn, IReadOnlyList<RowRule> Rules,
        Func<string, string>? AfterStaging);

    /// <summary>
    /// Pipedrive deals and Dynamics 365 opportunities give the outcome in a status column (open / won / lost; Dynamics'
    /// Status Reason: In Progress, On Hold, Won, Canceled, Out-Sold) rather than a won column, and Pipedrive the close date
    /// in "Won time" or "Lost time". For an opportunities file without a won (or stage, or closed_at) column, these are
    /// read into it, as extra columns so that each value is parsed and checked like any cell. The source columns stay
    /// custom attributes. Other tables' "Status" (an account's Active / Inactive) is left as it is.
    /// </summary>
    private DerivedColumns OpportunityOutcome(TableSpec table, IReadOnlyList<MappedColumn> mapped, Func<int, string> rawColumn, SourceFile source)
    {
        var rules = new List<RowRule>();
        if (table.Name != "opportunities")
        {
            return new DerivedColumns(mapped, rawColumn, rules, null);
        }

        MappedColumn? Custom(IReadOnlySet<string> headers) => mapped.FirstOrDefault(m => m.IsCustom
            && (headers.Contains(ColumnMapper.Normalise(m.Header)) || headers.Contains(ColumnMapper.Normalise(ColumnMapper.WithoutRecordPrefix(table.Name, m.Header) ?? m.Header))));
        bool Has(string column) => mapped.Any(m => !m.IsCustom && m.Column == column);
        var fileRaw = rawColumn;
        string Cell(MappedColumn m) => $"nullif(trim({fileRaw(m.Position + 1)}), '')";
        Func<string, string>? afterStaging = null;

        void Add(string header, string column, string sql) => (mapped, rawColumn) = WithColumn(mapped, rawColumn, header, column, sql);

        var status = Custom(StatusHeaders);
        var reason = Custom(StatusReasonHeaders);
        if ((status ?? reason) is { } given && (!Has("won") || !Has("stage")))
        {
            var words = _workspace.Settings.ValueMaps.GetValueOrDefault(table.Name)?.GetValueOrDefault(CanonicalSchema.OpportunityStatus.Name);
            string Outcome(string text) => ValueParsing.OutcomeExpression(text, words);

            // Read from the staged text of the status columns (r, trimmed) once the file is staged: the word lists inlined in
            // the read of every cell would make a statement DuckDB takes minutes to plan.
            // Status says the outcome; Status Reason only where there is no Status (Dynamics orgs add reasons of their own).
            string R(MappedColumn m) => $"r{m.Position}";
            var outcome = status is null ? Outcome(R(reason!))
                : reason is null ? Outcome(R(status))
                : $"CASE WHEN {ValueParsing.Present(R(status))} IS NOT NULL THEN {Outcome(R(status))} ELSE {Outcome(R(reason))} END";
            var read = new List<string>();
            var sets = new List<string>();
            if (!Has("won"))
            {
                Add($"(won from '{given.Header}')", "won", "NULL::VARCHAR");
                sets.Add("t_won = CASE outcome WHEN 'won' THEN true WHEN 'lost' THEN false END");
                read.Add("won (won: true, lost: false, open: none)");
            }

            if (!Has("stage"))
            {
                // The stages the rest of Sightline reads as closed (see WonFromStage); an unknown word stays as written, refused below.
                var text = ValueParsing.Present(status is null ? R(reason!) : reason is null ? R(status) : $"coalesce({ValueParsing.Present(R(status))}, {R(reason)})");
                Add($"(stage from '{given.Header}')", "stage", "NULL::VARCHAR");
                sets.Add($"t_stage = CASE outcome WHEN 'won' THEN 'Closed Won' WHEN 'lost' THEN 'Closed Lost' WHEN 'open' THEN 'Open' ELSE {text} END");
                read.Add("stage (Closed Won, Closed Lost or Open)");
            }
            else
            {
                // Dynamics leaves "Pipeline Phase" blank on a record made without a business process flow; its status still says where it is.
                var stage = mapped.First(m => !m.IsCustom && m.Column == "stage");
                sets.Add("t_stage = coalesce(t_stage, CASE outcome WHEN 'won' THEN 'Closed Won' WHEN 'lost' THEN 'Closed Lost' WHEN 'open' THEN 'Open' END)");
                read.Add($"stage where '{stage.Header}' is blank (Closed Won, Closed Lost or Open)");
            }

            if (reason is not null && !Has("lost_reason"))
            {
                // Dynamics closes a lost opportunity with why (Out-Sold, Canceled): the loss's reason, unless it only says lost.
                Add($"(lost_reason from '{reason.Header}')", "lost_reason", "NULL::VARCHAR");
                sets.Add($"t_lost_reason = CASE WHEN outcome = 'lost' AND {Outcome(R(reason))} = 'lost' AND lower({ValueParsing.Present(R(reason))}) <> 'lost' "
                    + $"THEN {ValueParsing.Present(R(reason))} END");
                read.Add($"lost_reason (a lost one's '{reason.Header}')");
            }

            afterStaging = staging => $"""
                UPDATE {staging} SET {string.Join(", ", sets)}
                FROM (SELECT rowid AS sl_row, {outcome} AS outcome FROM {staging}) o WHERE {staging}.rowid = o.sl_row
                """;

            string Unknown(MappedColumn m) => $"r{m.Position} IS NOT NULL AND {ValueParsing.Present($"r{m.Position}")} IS NOT NULL AND {Outcome($"r{m.Position}")} IS NULL";
            var message = $"not an outcome: expected one of {string.Join(", ", CanonicalSchema.OpportunityOutcomes)} "
                + $"(to read another word as one of them, map it in sightline.yaml: value_maps.{table.Name}.{CanonicalSchema.OpportunityStatus.Name})";
            if (status is not null)
            {
                rules.Add(new RowRule(Unknown(status), status.Column, $"r{status.Position}", message));
            }

            if (reason is not null)
            {
                var noStatus = status is null ? "" : $"{ValueParsing.Present($"r{status.Position}")} IS NULL AND ";
                rules.Add(new RowRule(noStatus + Unknown(reason), reason.Column, $"r{reason.Position}", message));
            }

            var from = status is null ? $"'{reason!.Header}'" : reason is null ? $"'{status.Header}'" : $"'{status.Header}' (or '{reason.Header}' where it is blank)";
            var readList = read.Count == 1 ? read[0] : $"{string.Join(", ", read.Take(read.Count - 1))} and {read[^1]}";
            source.Notes.Add($"{source.Name}: {readList} read from {from}; the column is also kept as a custom attribute");
        }

        // Pipedrive gives a deal's close in "Won time" or "Lost time", whichever it ended with.
        if (!Has("closed_at") && Custom(new HashSet<string>(StringComparer.Ordinal) { "wontime" }) is var wonTime
            && Custom(new HashSet<string>(StringComparer.Ordinal) { "losttime" }) is var lostTime && (wonTime ?? lostTime) is not null)
        {
            var times = new[] { wonTime, lostTime }.OfType<MappedColumn>().ToList();
            var names = string.Join(" or ", times.Select(t => $"'{t.Header}'"));
            Add($"(closed_at from {names})", "closed_at", times.Count == 1 ? Cell(times[0]) : $"coalesce({Cell(times[0])}, {Cell(times[1])})");
            source.Notes.Add($"{source.Name}: no closed_at column, so each opportunity's is its {names}");
        }

        return new DerivedColumns(mapped, rawColumn, rules, afterStaging);
    }
}
