namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>The SQL type of an opportunity's lines as it reads them (<see cref="WithOpportunityLines"/>): its product, how many products, how many lines.</summary>
    private const string OpportunityLinesType = "STRUCT(product VARCHAR, products BIGINT, lines BIGINT)";

    /// <summary>
    /// An opportunities file read with its lines (see <see cref="PairSalesforceCompanions"/>): Salesforce keeps an
    /// opportunity's products only on its lines, so each opportunity's product_id is read from a SQL map keyed by
    /// opportunity id (a table of them) as if the file held it in one more column, and so is checked as any product reference (and refused at
    /// the opportunity's own line). An opportunity whose lines name several products takes the product of its largest line
    /// by TOTALPRICE (the first of equal ones in file order). Returns whether the lines were read: a file with its own
    /// product column keeps it, and reads its lines only for the opportunities where it is blank.
    /// </summary>
    private (IReadOnlyList<MappedColumn> Mapped, Func<int, string> RawColumn, CompanionLookup? Lookup) WithOpportunityLines(
        (string Path, string Name) linesFile, string table, IReadOnlyList<MappedColumn> mapped, Func<int, string> rawColumn,
        SourceFile opportunities, string tempDirectory)
    {
        var own = mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "product_id");
        var ownCell = own is null ? null : $"nullif(trim({rawColumn(own.Position + 1)}), '')";
        var blank = ownCell is null ? 0 : Count($"SELECT count(*) FROM {opportunities.Reader(storeRejects: false)} WHERE {ownCell} IS NULL");
        if (own is not null && blank == 0)
        {
            opportunities.Notes.Add($"{opportunities.Name}: product_id is read from its own '{own.Header}' column; {linesFile.Name} is not read");
            return (mapped, rawColumn, null);
        }

        if (mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "opportunity_id") is not { } opportunity)
        {
            return (mapped, rawColumn, null); // refused for its missing id column
        }

        var lines = new SourceFile(_workspace, linesFile.Path, tempDirectory, linesFile.Name);
        var names = lines.Headers();
        int? At(string name) => names.Select((h, i) => (h, i)).Where(x => ColumnMapper.Normalise(x.h) == name).Select(x => (int?)x.i).FirstOrDefault();
        var missing = new[] { "opportunityid", "product2id" }.Where(n => At(n) is null).ToList();
        if (missing.Count > 0)
        {
            throw new BadInputException(new Diagnostic(lines.Name, null, null, null,
                $"no {string.Join(", ", missing.Select(m => m.ToUpperInvariant()))} column: read as Salesforce's opportunity lines for {opportunities.Name}, "
                + "which name each line's OPPORTUNITYID and PRODUCT2ID"));
        }

        string Cell(string name) => At(name) is { } i ? $"nullif(trim({lines.RawColumn(i + 1)}), '')" : "NULL";
        const string Line = "{'product': first(product ORDER BY total DESC NULLS LAST, line_number), 'products': count(DISTINCT product), 'lines': count(*)}";
        // A table keeps the lines in file order (its rowid), which settles ties between equal lines.
        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE sl_opportunity_lines AS
                SELECT {Cell("opportunityid")} AS opportunity, {Cell("product2id")} AS product, sl_num({Cell("totalprice")}) AS total
                FROM {lines.Reader(storeRejects: false)}
                WHERE coalesce(lower({Cell("isdeleted")}), '') NOT IN ('true', '1');
            CREATE OR REPLACE TEMP TABLE {table} AS
                SELECT opportunity AS id, {Line} AS v
                FROM (SELECT rowid AS line_number, * FROM sl_opportunity_lines)
                WHERE opportunity IS NOT NULL AND product IS NOT NULL
                GROUP BY opportunity;
            DROP TABLE sl_opportunity_lines;
            """);

        var key = $"trim({rawColumn(opportunity.Position + 1)})";
        var fromLines = $"{CompanionRecord}.product";
        var lookup = new CompanionLookup(table, key, OpportunityLinesType);
        if (own is not null)
        {
            // A CRM that keeps a product field on the opportunity too, filled in on some: the lines tell the rest.
            opportunities.Notes.Add($"{opportunities.Name}: product_id is read from its own '{own.Header}' column, and for the {Counted(blank, "opportunity", "opportunities")} "
                + $"where it is blank from {(blank == 1 ? "its" : "their")} lines in {linesFile.Name} (by OPPORTUNITYID, PRODUCT2ID); {linesFile.Name} is not loaded on its own");
            return (mapped, k => k == own.Position + 1 ? $"coalesce({ownCell}, {fromLines})" : rawColumn(k), lookup);
        }

        var position = mapped.Max(m => m.Position) + 1;
        opportunities.Notes.Add($"{opportunities.Name}: Salesforce's opportunities: each opportunity's product_id comes from its lines in {linesFile.Name} "
            + $"(by OPPORTUNITYID, PRODUCT2ID); {linesFile.Name} is read for it, not loaded on its own");
        return ([.. mapped, new MappedColumn($"(product_id from {linesFile.Name} PRODUCT2ID)", position, "product_id", IsCustom: false)],
            k => k == position + 1 ? fromLines : rawColumn(k), lookup);
    }

    /// <summary>The export keeps the lines of opportunities it has no longer (deleted, or purged from the recycle bin): counted, not refused.</summary>
    private void NoteLinesOfOtherOpportunities(FileStage stage)
    {
        if (stage.Companion is not { } linesFile || stage.Table.Name != "opportunities")
        {
            return;
        }

        var count = Count($"""
            SELECT coalesce(sum(v.lines), 0)::BIGINT FROM {CompanionTable(stage.StagingTable)}
            WHERE id NOT IN (SELECT t_opportunity_id FROM {Stg} WHERE t_opportunity_id IS NOT NULL)
            """);
        if (count > 0)
        {
            stage.Source.Notes.Add($"{stage.Source.Name}: {Counted(count, "line", "lines")} in {linesFile} of opportunities not in {stage.Source.Name} "
                + "(deleted ones, whose lines the export keeps): not read");
        }
    }

    private void NoteOpportunitiesOfSeveralProducts(FileStage stage)
    {
        if (stage.Companion is null || stage.Table.Name != "opportunities")
        {
            return;
        }

        var count = Count($"""
            SELECT count(DISTINCT t_opportunity_id) FROM {Stg} JOIN {CompanionTable(stage.StagingTable)} c ON c.id = t_opportunity_id
            WHERE c.v.products > 1 AND t_product_id = c.v.product
            """);
        if (count > 0)
        {
            stage.Source.Notes.Add($"{stage.Source.Name}: {Counted(count, "opportunity has", "opportunities have")} lines of several products: "
                + $"{(count == 1 ? "it takes" : "each takes")} the product of its largest line");
        }
    }
}
