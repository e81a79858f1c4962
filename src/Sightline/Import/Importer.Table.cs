using System.Globalization;
using Sightline.Data;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>
    /// Phase one, before the transaction: read the file into its own staging table and run the rules
    /// that need only the file. (Temporary tables made inside a DuckDB transaction are much slower to
    /// read back, so staging stays outside it.)
    /// </summary>
    private FileStage StageTable(string path, string name, TableSpec table, int index, RunContext context, string tempDirectory, Action<string> report,
        (string Path, string Name)? companion = null, PartnerPart? part = null)
    {
        report("reading");
        var (source, headers, mapped, plan, stage) = Unreadable(path, name, tempDirectory, () =>
        {
            var source = new SourceFile(_workspace, path, tempDirectory, name);
            if (IsBandAboveHeader(table, source))
            {
                source = new SourceFile(_workspace, path, tempDirectory, name, headerBelowBand: true);
            }

            _readSources.Add(source);
            if (_derivedNotes.Remove(name, out var derivedNote))
            {
                source.Notes.Add(derivedNote);
            }

            if (_sheetNotes.Remove(name, out var sheetNotes))
            {
                source.Notes.AddRange(sheetNotes);
            }

            var headers = source.Headers();
            foreach (var (header, columns, renamed) in RepeatedHeaders(headers, source.WrittenHeaders))
            {
                source.Notes.Add($"{source.Name}: {columns.Count} columns are headed '{header}' (columns {string.Join(", ", columns[..^1])} and {columns[^1]}; a report joining two "
                    + $"objects writes such labels): the first is read as '{header}', the other{(renamed.Count == 1 ? "" : "s")} as {string.Join(", ", renamed.Select(r => $"'{r}'"))}");
            }

            // In a list of companies and people, a header naming a person's company ("Related Company") is no company's own.
            var theirCompany = part == PartnerPart.Companies ? PersonsCompanyColumns(headers, source.Name) : [];
            IReadOnlyList<MappedColumn> mapped = ColumnMapper.MapHeaders(table, [.. headers.Select((h, i) => theirCompany.Contains(i) ? "" : h)],
                ColumnMap(table, source, headers), source.Name, _workspace.Settings.Currency, source.Notes);
            mapped = [.. mapped.Select(m => theirCompany.Contains(m.Position) ? new MappedColumn(headers[m.Position], m.Position, ColumnMapper.SnakeCase(headers[m.Position], m.Position), IsCustom: true) : m)];

            Func<int, string> rawColumn = source.RawColumn;
            mapped = CountryFromPlaceColumn(table, mapped, rawColumn, source);
            var buyerIds = AccountIdsOfOneBuyer(table, mapped, source);
            if (buyerIds is var (own, unique))
            {
                (mapped, rawColumn) = KeyedByUniqueId(mapped, rawColumn, own, unique);
            }

            if (NameFromParts(table, mapped) is var (first, last, company))
            {
                var before = rawColumn;
                var joined = $"nullif(concat_ws(' ', nullif(trim({before(first.Position + 1)}), ''), nullif(trim({before(last.Position + 1)}), '')), '')";
                if (company is null)
                {
                    // A staff list (an HR or ERP export), or a list of customers who are people, gives a name in two columns.
                    (mapped, rawColumn) = WithColumn(mapped, rawColumn, $"(name from {first.Header} and {last.Header})", "name", joined);
                    source.Notes.Add($"{source.Name}: no name column, so each {table.RowNoun}'s name is its '{first.Header}' and '{last.Header}' joined");
                }
                else if (Count($"SELECT count(*) FROM {source.Reader(storeRejects: false)} WHERE nullif(trim({before(company.Position + 1)}), '') IS NULL AND {joined} IS NOT NULL") is > 0 and var people)
                {
                    // A customer list with a contact on each row: a customer without a company is a person buying for itself.
                    rawColumn = k => k == company.Position + 1 ? $"coalesce(nullif(trim({before(k)}), ''), {joined})" : before(k);
                    source.Notes.Add($"{source.Name}: {people:N0} {table.RowNoun}{(people == 1 ? " has" : "s have")} no '{company.Header}': "
                        + $"{(people == 1 ? "its" : "each one's")} name is its '{first.Header}' and '{last.Header}' joined (a person buying for itself)");
                }
            }

            if (IdFromDomain(table, mapped) is { } domain)
            {
                // A list without ids (a data vendor's, a trade show's): the account's id is its company domain, read as one more column.
                var position = headers.Count;
                mapped = [.. mapped, new MappedColumn(StagingPlan.IdFromDomainHeader, position, "account_id", IsCustom: false)];
                rawColumn = k => k == position + 1 ? AccountMatching.DerivedAccountIdSql(source.RawColumn(domain.Position + 1)) : source.RawColumn(k);
                source.Notes.Add($"{source.Name}: no account_id column, so each account's id is its company domain (from '{domain.Header}', "
                    + "such as acme.com for https://www.acme.com/); an account already in the workspace with that domain keeps its id and its values, "
                    + "and the list fills only the fields it has blank");
            }
            else if (KeyFromName(table, mapped) is { } named)
            {
                // A list keyed by names (a public data set, a spreadsheet kept by hand): other files refer to its rows by name.
                var key = table.Key[0];
                (mapped, rawColumn) = WithColumn(mapped, rawColumn, KeyFromNameHeader(key), key, rawColumn(named.Position + 1));
                source.Notes.Add(named.IsCustom
                    ? $"{source.Name}: no {key} column, so each {table.RowNoun}'s id is its '{named.Header}' (the name its transactions give it; "
                        + $"its name is its '{mapped.First(m => !m.IsCustom && m.Column == "name").Header}'); files that refer to {table.Name} must name them the same way"
                    : $"{source.Name}: no {key} column, so each {table.RowNoun}'s id is its name (from '{named.Header}'); "
                        + $"files that refer to {table.Name} must name them the same way");
            }
            else if (OpportunityKeyFromName(table, mapped) is var (dealName, dealAccount))
            {
                // A CRM report of deals (Salesforce's opportunity report, Freshsales, Copper) has no id column: a deal is its
                // account's deal of that name, so a re-import of the same report updates the same deals.
                var read = rawColumn;
                string Cell(MappedColumn column) => $"nullif(trim({read(column.Position + 1)}), '')";
                (mapped, rawColumn) = WithColumn(mapped, rawColumn, StagingPlan.OpportunityIdFromNameHeader, "opportunity_id",
                    $"CASE WHEN {Cell(dealName)} IS NOT NULL THEN concat_ws(' / ', {Cell(dealAccount)}, {Cell(dealName)}) END");
                source.Notes.Add($"{source.Name}: no opportunity_id column, so each opportunity's id is its '{dealAccount.Header}' and its '{dealName.Header}' joined "
                    + "('Acme / Renewal'); a re-import of the same report updates the same opportunities, and one account's two opportunities of one name are refused as repeats");
            }
            else if (ContactKeyFromEmailOrName(table, mapped) is var (contactEmail, contactAccount, person))
            {
                // A contact report (Salesforce's, a spreadsheet of people) has no id column: a person is its email address,
                // or without one its account's person of that name, so a re-import of the same report updates the same contacts.
                var read = rawColumn;
                string Cell(MappedColumn column) => $"nullif(trim({read(column.Position + 1)}), '')";
                var personText = person.Count == 1 ? Cell(person[0]) : $"nullif(concat_ws(' ', {string.Join(", ", person.Select(Cell))}), '')";
                var byName = $"CASE WHEN {personText} IS NOT NULL THEN concat_ws(' / ', {Cell(contactAccount)}, {personText}) END";
                (mapped, rawColumn) = WithColumn(mapped, rawColumn, StagingPlan.ContactIdFromEmailHeader, "contact_id",
                    contactEmail is null ? byName : $"coalesce(lower({Cell(contactEmail)}), {byName})");
                var personHeaders = string.Join(" and ", person.Select(p => $"'{p.Header}'"));
                source.Notes.Add($"{source.Name}: no contact_id column, so each contact's id is "
                    + (contactEmail is null ? "" : $"its '{contactEmail.Header}' in lower case, or where that is blank ")
                    + $"its '{contactAccount.Header}' and its {personHeaders} joined ('Acme / Jo Smith'); a re-import of the same report updates the same contacts");
            }
            else if (NameFromKey(table, mapped) is { } id)
            {
                // An anonymised list (a public data set's customers, a catalogue of product codes) gives ids only.
                (mapped, rawColumn) = WithColumn(mapped, rawColumn, "(name from the id)", "name", rawColumn(id.Position + 1));
                source.Notes.Add($"{source.Name}: no name column, so each {table.RowNoun}'s name is its id (from '{id.Header}'); "
                    + $"a file of {table.Name} with names gives them their names");
            }

            if (table.Name == "touchpoints" && !mapped.Any(m => !m.IsCustom && m.Column == "event_id"))
            {
                // An activity report has no id column: a touch is its row's values, so a re-import of the same report
                // updates the same touches (rows alike in every value are numbered apart after staging: NumberIdenticalTouches).
                var cells = string.Join(", ", Enumerable.Range(1, headers.Count).Select(k => $"coalesce(trim({source.RawColumn(k)}), '')"));
                (mapped, rawColumn) = WithColumn(mapped, rawColumn, StagingPlan.EventIdFromRowHeader, "event_id", $"'row-' || substr(md5(concat_ws(chr(31), {cells})), 1, 16)");
                source.Notes.Add($"{source.Name}: no event_id column, so each touch's id is made from its row's values ('row-' and 16 hexadecimal digits); "
                    + "a re-import of the same report updates the same touches");
            }

            var derived = OpportunityOutcome(table, mapped, rawColumn, source);
            (mapped, rawColumn) = (derived.Mapped, derived.RawColumn);
            Action<StagingPlan>? withOrderHeaders = null;
            CompanionLookup? lookup = null;
            if (companion is { } headerFile && table.Name == "orders")
            {
                (mapped, rawColumn, withOrderHeaders, lookup) = WithOrderHeaders(headerFile, CompanionTable($"sl_stage_{index}"), mapped, rawColumn, source, tempDirectory);
            }
            else if (companion is { } linesFile && table.Name == "opportunities")
            {
                (mapped, rawColumn, lookup) = WithOpportunityLines(linesFile, CompanionTable($"sl_stage_{index}"), mapped, rawColumn, source, tempDirectory);
            }

            foreach (var (column, value) in _workspace.Settings.ColumnValues.GetValueOrDefault(table.Name) ?? [])
            {
                if (mapped.Any(m => !m.IsCustom && m.Column == column))
                {
                    continue; // the file's own values win
                }

                // Read as if the file held it in one more column, so the value is parsed and checked as any cell.
                (mapped, rawColumn) = WithColumn(mapped, rawColumn, FromColumnValues(column), column, Sql.Literal(value));
                source.Notes.Add($"{source.Name}: no {column} column, so each new {table.RowNoun} takes '{value}' (column_values.{table.Name}.{column} in sightline.yaml); "
                    + $"one already in the workspace keeps its {column}");
            }

            if (table.Name == "touchpoints" && SalesforceActivitySubtype(mapped, rawColumn) is var (subtypeMapped, subtypeRaw, note))
            {
                (mapped, rawColumn) = (subtypeMapped, subtypeRaw);
                source.Notes.Add($"{source.Name}: {note}");
            }

            if (table.Name == "touchpoints" && !mapped.Any(m => !m.IsCustom && m.Column == "channel") && ChannelOfFileName(source.Name) is { } channelOfName)
            {
                // A CRM's export of one activity object ("calls.csv", HubSpot's "...-all-meetings-....csv") has no channel column: its name is the channel.
                (mapped, rawColumn) = WithColumn(mapped, rawColumn, "(channel from the file's name)", "channel", Sql.Literal(channelOfName));
                source.Notes.Add($"{source.Name}: no channel column, so each touch's channel is {channelOfName}, from the file's name");
            }

            if (table.Name == "opportunities" && mapped.FirstOrDefault(m => m.IsCustom && ColumnMapper.Normalise(m.Header) == "isclosed") is { } isClosed
                && mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "won") is { } won)
            {
                // Salesforce writes ISWON false for an open opportunity too: read as lost, a slipped deal would leave the pipeline.
                var before = rawColumn;
                rawColumn = k => k == won.Position + 1
                    ? $"CASE WHEN lower(trim({before(isClosed.Position + 1)})) IN ('false', '0') THEN NULL ELSE {before(k)} END" : before(k);
                source.Notes.Add($"{source.Name}: an opportunity whose '{isClosed.Header}' is false is open: its '{won.Header}' is read as no outcome, not as lost");
            }

            rawColumn = BidTimesDuration(table, mapped, rawColumn, source);
            MappedColumn? unitPrice = null;
            var fromLine = AmountFromLine(table, mapped, UserMap(table.Name));
            if (fromLine is (null, var onlyPrice))
            {
                // An item-per-line export (Olist's order items: price and freight, no quantity): each line is one unit.
                (mapped, rawColumn) = WithColumn(mapped, rawColumn, StagingPlan.AmountFromPriceHeader, "amount", rawColumn(onlyPrice.Position + 1));
                source.Notes.Add($"{source.Name}: no amount or quantity column, so each line is one unit and its amount is its '{onlyPrice.Header}'");
            }
            else if (fromLine is ({ } quantity, var price))
            {
                unitPrice = price;
                // An order-line export without a line amount (quantity and unit price only): the amount is their product,
                // written as the workspace writes numbers so that it is read and checked as any amount.
                var product = $"format('{{:.6f}}', sl_num(trim({source.RawColumn(quantity.Position + 1)})) * sl_num(trim({source.RawColumn(price.Position + 1)})))";
                var amount = _workspace.Settings.Import.NumberFormat == "decimal_comma" ? $"replace({product}, '.', ',')" : product;
                (mapped, rawColumn) = WithColumn(mapped, rawColumn, StagingPlan.AmountFromLineHeader, "amount", amount);
                source.Notes.Add($"{source.Name}: no amount column, so each line's amount is {quantity.Header} × {price.Header}");
            }

            var plan = new StagingPlan(table, mapped, _workspace.Settings, context.Today, rawColumn, source.MayHoldSpreadsheetErrors, source.MayHoldNulBytes);
            plan.Rules.AddRange(derived.Rules);
            withOrderHeaders?.Invoke(plan);
            if (unitPrice is not null)
            {
                // The computed amount keeps no currency sign, so a unit price written in another currency is refused at the price.
                var raw = $"r{unitPrice.Position}";
                plan.Rules.Add(new RowRule($"{raw} IS NOT NULL AND {ValueParsing.ForeignCurrency(raw, _workspace.Settings.Currency)}",
                    ColumnMapper.SnakeCase(unitPrice.Header, unitPrice.Position), raw,
                    $"{ValueParsing.ForeignCurrencyMessage(_workspace.Settings.Currency)} (each line's amount is its quantity times this price)"));
            }

            var stage = new FileStage(source, table, mapped, plan, headers, $"sl_stage_{index}", $"sl_err_{index}") { Companion = lookup is not null ? companion?.Name : null, Part = part, BuyerIds = buyerIds };
            _stage = stage;
            void Stage()
            {
                _workspace.Execute($"DROP TABLE IF EXISTS sl_rej; DROP TABLE IF EXISTS sl_scan; DROP TABLE IF EXISTS {Stg}");
                var reader = source.Reader(storeRejects: true);
                _workspace.Execute(plan.CreateSql(Stg, lookup is null ? reader : ReadWithCompanion(lookup, reader, Stg)));
                _workspace.Execute($"DROP TABLE IF EXISTS {Stg}_read");
                if (derived.AfterStaging is { } after)
                {
                    _workspace.Execute(after(Stg));
                }

                if (unitPrice is not null)
                {
                    NetOfDiscount(mapped, source);
                }

                ReadIds(plan);
            }

            Stage();
            if (source.Format == "csv" && RepeatsTheHeader(table, mapped, headers) && source.BlankRepeatedHeaders(tempDirectory) is { Count: > 0 } repeated)
            {
                Stage(); // from the copy without the repeated header lines
                source.Notes.Add($"{source.Name}: the header line is repeated on line{(repeated.Count == 1 ? "" : "s")} "
                    + $"{string.Join(", ", repeated.Take(10))}{(repeated.Count > 10 ? $" and {repeated.Count - 10:N0} more" : "")} (files joined together?); skipped, not read as rows");
            }

            return (source, headers, mapped, plan, stage);
        });
        stage.RowBase = Count($"SELECT coalesce(min(rowid), 0) FROM {Stg}");
        if (source.HasTextLines && plan.NoCellCondition(headers.Count) is { } noCell && Count($"SELECT count(*) FROM {Stg} WHERE {noCell}") is > 0 and var emptyRows)
        {
            // ",,,": rows a spreadsheet saved though their cells were cleared (a workbook's empty rows are left out when it is read).
            // Deleted after the base row is taken, so the other rows keep their row ids and their line numbers.
            _workspace.Execute($"DELETE FROM {Stg} WHERE {noCell}");
            stage.DelimiterOnlyRows = emptyRows;
            source.Notes.Add($"{source.Name}: {emptyRows:N0} line{(emptyRows == 1 ? "" : "s")} of delimiters only (empty rows a spreadsheet saved): skipped, not read as rows");
        }

        SkipRespelledHeaders(stage);
        FillOrderContinuations(stage);
        FillCustomersByEmail(stage);
        ReadDecimalIds(stage);
        NumberIdenticalTouches(stage);
        NoteLinesOfOtherOpportunities(stage); // before deleted opportunities go: their lines are not of unknown ones
        SkipDeletedRecords(stage);
        OneAccountPerBuyer(stage);
        NoteOpportunitiesOfSeveralProducts(stage);
        stage.Staged = Count($"SELECT count(*) FROM {Stg}");
        stage.MalformedCount = source.AfterRead();
        SkipSalesforceNonTouches(stage, context.Today); // after the read: naming their lines needs the dialect it settles
        SkipLinesOfUnplacedOrders(stage);
        SkipLinesByStatus(stage); // after the continuations have taken their order's status
        KeepOwnPartners(stage);
        DropUnnamedEmptyColumns(stage);
        DropDynamicsBookkeeping(stage);
        stage.CustomTypes = CustomColumnTypes(table, stage.Customs);
        plan.AddCustomRules(stage.Customs, stage.CustomTypes, stage.CustomTypesSetEarlier);

        report("validating");
        _workspace.Execute($"CREATE OR REPLACE TEMP TABLE {Err} (rid BIGINT, col VARCHAR, val VARCHAR, msg VARCHAR, ref_rid BIGINT)");
        var missing = table.Columns.Where(c => c.Required && !stage.Canonical.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            // A file without a header line: DuckDB names the columns by the first record's values (numbers, dates).
            var values = headers.Where(h => double.TryParse(h, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || DateOnly.TryParse(h, CultureInfo.InvariantCulture, out _)).ToList();
            stage.MissingColumns = $"missing required column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => $"'{m}'"))} (no header maps to {(missing.Count == 1 ? "it" : "them")}; headers seen: {string.Join(", ", headers.Select(Diagnostic.Visible))})"
                + (values.Count > 0
                    ? $"; the first line looks like a record, not a header ({string.Join(", ", values.Take(3).Select(v => $"'{v}'"))} {(values.Count == 1 ? "is a value" : "are values")}): "
                        + $"add a first line naming the columns ({string.Join(", ", table.Columns.Where(c => c.Required).Select(c => c.Name))}, ...)"
                    : table.Name == "accounts" && missing.Contains("account_id") ? "; a list without ids needs a domain or website column: each account's id is then its company domain "
                    + "(names are taken as ids only while no account has an id other than its name)"
                    : OrderFileHint(table, missing, stage.Canonical) is { } hint ? $"; {hint}"
                    : missing.FirstOrDefault(m => table.Column(m)?.AllowedValues is not null) is { } allowed
                        ? $"; to give every row of such a file one value, set it in sightline.yaml, e.g. column_values: {{ {table.Name}: {{ {allowed}: {table.Column(allowed)!.AllowedValues![0]} }} }}"
                    : "");
            _workspace.Execute($"INSERT INTO {Err} SELECT {Rid()}, NULL, NULL, {Sql.Literal(stage.MissingColumns)}, NULL FROM {Stg}");
        }
        else
        {
            CheckRows(plan);
            if (table.Name != "orders")
            {
                CheckKeys(table, stage.Canonical); // an order's repeated product lines are combined once references are read
            }
        }

        return stage;
    }

    /// <summary>
    /// Whether the header read is a band of group labels ("Company", "Size" over merged cells) above the real header: the
    /// first record, read as headers, names more of the table's required columns and more of its columns in all.
    /// </summary>
    private bool IsBandAboveHeader(TableSpec table, SourceFile source)
    {
        if (!source.HasTextLines && source.Format != "xlsx")
        {
            return false;
        }

        (int Required, int All) Named(IReadOnlyList<string> cells)
        {
            try
            {
                var columns = ColumnMapper.MapHeaders(table, cells, UserMap(table.Name), source.Name, _workspace.Settings.Currency, notes: [])
                    .Where(m => !m.IsCustom).Select(m => m.Column).ToHashSet(StringComparer.Ordinal);
                return (columns.Count(c => table.Column(c)?.Required == true), columns.Count);
            }
            catch (BadInputException)
            {
                return (0, 0); // cells no header map can read (two a user's map gives one column): no header
            }
        }

        var (requiredAbove, allAbove) = Named(source.Headers());
        if (requiredAbove == table.Columns.Count(c => c.Required))
        {
            return false;
        }

        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {source.Reader(storeRejects: false)} LIMIT 1";
        using var reader = Workspaces.Workspace.TracedReader(command);
        if (!reader.Read())
        {
            return false;
        }

        var below = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString()!.Trim()).ToList();
        if (below.Count(c => c.Length > 0) < 2)
        {
            return false;
        }

        below = [.. below.Select((c, i) => c.Length > 0 ? c : $"column{i}")];

        var (requiredBelow, allBelow) = Named(below);
        return requiredBelow > requiredAbove && allBelow > allAbove;
    }

    /// <summary>How many staged rows have a value in each of <paramref name="customs"/>, in one pass.</summary>
    private long[] FilledCounts(IReadOnlyList<MappedColumn> customs)
    {
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", customs.Select(c => $"count(r{c.Position})"))} FROM {Stg}";
        using var reader = Workspaces.Workspace.TracedReader(command);
        reader.Read();
        return [.. Enumerable.Range(0, customs.Count).Select(reader.GetInt64)];
    }

    /// <summary>
    /// A column without a header (DuckDB names it by its position: column6) and without a value, as a delimiter at the end
    /// of every line makes, is no attribute: it is left out with a note rather than added to the table as an empty column.
    /// One without a header but with values is kept under that name, and the note says how to name it.
    /// </summary>
    private void DropUnnamedEmptyColumns(FileStage stage)
    {
        var unnamed = stage.Customs.Where(c => UnnamedColumn().Match(c.Header) is { Success: true } m
            && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var at) && at == c.Position).ToList();
        if (unnamed.Count == 0)
        {
            return;
        }

        var filled = FilledCounts(unnamed);
        for (var i = 0; i < unnamed.Count; i++)
        {
            var column = unnamed[i];
            var number = column.Position + 1;
            if (filled[i] == 0)
            {
                stage.Customs.Remove(column);
                stage.Source.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{stage.Source.Name}: column {number} has no header and no values (a delimiter at the end of every line?): ignored"));
            }
            else
            {
                stage.Source.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{stage.Source.Name}: column {number} has no header; its values are kept as the custom attribute '{column.Column}' (give it a header to name it)"));
            }
        }
    }

    /// <summary>
    /// Dynamics 365 adds "(Do Not Modify) Row Checksum" and "(Do Not Modify) Modified On" to an export so that it can take the
    /// file back: its own bookkeeping, not the records' data, so never attributes. One that maps to a column (the record's
    /// id in "(Do Not Modify) Account") is read as that column.
    /// </summary>
    private static void DropDynamicsBookkeeping(FileStage stage)
    {
        var bookkeeping = stage.Customs.Where(c => ColumnMapper.IsDynamicsBookkeeping(c.Header)).ToList();
        if (bookkeeping.Count == 0)
        {
            return;
        }

        stage.Customs.RemoveAll(bookkeeping.Contains);
        stage.Source.Notes.Add($"{stage.Source.Name}: {string.Join(", ", bookkeeping.Select(c => $"'{c.Header}'"))} "
            + $"{(bookkeeping.Count == 1 ? "is a Dynamics bookkeeping column" : "are Dynamics bookkeeping columns")}, not data: skipped");
    }

    /// <summary>
    /// Salesforce leaves a task's or an event's Type blank unless a user picks one, but always writes its subtype (TASKSUBTYPE:
    /// Call, Email, ListEmail, LinkedIn, Task; EVENTSUBTYPE: Event, a calendar meeting): the channel is the Type, or where
    /// that is blank or "Other" the subtype. A plain to-do (subtype "Task") names no channel: such rows are skipped with a note
    /// (<see cref="SkipSalesforceNonTouches"/>) unless value_maps reads the word as one.
    /// </summary>
    private static (IReadOnlyList<MappedColumn> Mapped, Func<int, string> RawColumn, string Note)? SalesforceActivitySubtype(
        IReadOnlyList<MappedColumn> mapped, Func<int, string> rawColumn)
    {
        var subtype = mapped.FirstOrDefault(m => ColumnMapper.Normalise(m.Header) is "tasksubtype" or "eventsubtype");
        if (subtype is null)
        {
            return null;
        }

        var sub = $"nullif(trim({rawColumn(subtype.Position + 1)}), '')";
        var fromSubtype = $"CASE lower({sub}) WHEN 'listemail' THEN 'Email' WHEN 'event' THEN 'Meeting' ELSE {sub} END";
        if (mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "channel") is { } channel)
        {
            // "Other", a standard value of Salesforce's Type picklist, says no more than a blank one does.
            return (mapped, k => k == channel.Position + 1
                    ? $"coalesce(CASE WHEN lower(trim({rawColumn(k)})) IN ('', 'other') THEN NULL ELSE trim({rawColumn(k)}) END, {fromSubtype}, nullif(trim({rawColumn(k)}), ''))"
                    : rawColumn(k),
                $"channel is read from '{channel.Header}', or where it is blank or Other from '{subtype.Header}' (ListEmail as email, Event as meeting)");
        }

        var position = mapped.Max(m => m.Position) + 1;
        return ([.. mapped, new MappedColumn($"(channel from {subtype.Header})", position, "channel", IsCustom: false)],
            k => k == position + 1 ? fromSubtype : rawColumn(k),
            $"no channel column, so each one's channel is its '{subtype.Header}' (ListEmail as email, Event as meeting)");
    }

    /// <summary>
    /// Salesforce's Data Export writes the records in the recycle bin too, with ISDELETED true: deleted in the CRM, so not
    /// loaded as live records (nor counted as rows read), with a note. The column itself is bookkeeping, not an attribute.
    /// </summary>
    private void SkipDeletedRecords(FileStage stage)
    {
        var deleted = stage.Customs.FirstOrDefault(c => ColumnMapper.Normalise(c.Header) == "isdeleted");
        if (deleted is null)
        {
            return;
        }

        stage.Customs.Remove(deleted);
        var condition = $"lower(trim(r{deleted.Position})) IN ('true', '1', 'yes')";
        if (Count($"SELECT count(*) FROM {Stg} WHERE {condition}") is > 0 and var count)
        {
            _workspace.Execute($"DELETE FROM {Stg} WHERE {condition}");
            stage.DeletedRecords = count;
            stage.Source.Notes.Add($"{stage.Source.Name}: {count:N0} record{(count == 1 ? "" : "s")} marked deleted ('{deleted.Header}' true: in the CRM's recycle bin) "
                + "skipped, not loaded");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^column(\d+)$")]
    private static partial System.Text.RegularExpressions.Regex UnnamedColumn();

    /// <summary>Reads the ids that read otherwise than written, for the columns that have any (one scan finds which).</summary>
    private void ReadIds(StagingPlan plan)
    {
        if (plan.IdReadings.Count == 0)
        {
            return;
        }

        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", plan.IdReadings.Select(r => $"coalesce(bool_or({r.Candidates}), false)"))} FROM {Stg}";
        using var reader = Workspaces.Workspace.TracedReader(command);
        reader.Read();
        var some = Enumerable.Range(0, plan.IdReadings.Count).Select(reader.GetBoolean).ToList();
        foreach (var (reading, any) in plan.IdReadings.Zip(some))
        {
            // Once added, the raw column is part of the plan: a file staged again (without its repeated header lines) gets it too.
            if (any || plan.HasRaw(reading.Raw))
            {
                _workspace.Execute(reading.Update(Stg, KeysOf(reading.Target)));
                plan.RawAdded(reading.Raw);
            }
        }
    }

    /// <summary>
    /// Where the keys a reference may name are: the workspace's table and the files of this import staged for it, this one
    /// included (a parent account in the same file).
    /// </summary>
    private List<(string Table, string Column)> KeysOf(ForeignKey? target) => target is null ? []
        : [(target.Table, target.TargetColumn), .. _staged.Append(_stage!).Where(s => s.Table.Name == target.Table && s.Canonical.ContainsKey(target.TargetColumn))
            .Select(s => (s.StagingTable, $"t_{target.TargetColumn}"))];

    /// <summary>
    /// Headers written more than once, each with its columns (1-based) and the names its repeats are read by: by the header
    /// line as written where it is known (<paramref name="written"/>), else by the names alone, where the second X is X_1.
    /// </summary>
    internal static List<(string Header, List<int> Columns, List<string> Renamed)> RepeatedHeaders(IReadOnlyList<string> headers, IReadOnlyList<string>? written = null)
    {
        var repeated = new List<(string, List<int>, List<string>)>();
        if (written is not null)
        {
            foreach (var group in written.Select((cell, i) => (Cell: cell, Index: i)).Where(c => c.Cell.Length > 0)
                .GroupBy(c => c.Cell, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                repeated.Add((headers[group.First().Index], [.. group.Select(c => c.Index + 1)], [.. group.Skip(1).Select(c => headers[c.Index])]));
            }

            return repeated;
        }

        for (var i = 0; i < headers.Count; i++)
        {
            var renamed = Enumerable.Range(i + 1, headers.Count - i - 1)
                .Where(j => headers[j].Length > headers[i].Length + 1 && headers[j].StartsWith(headers[i] + "_", StringComparison.OrdinalIgnoreCase)
                    && headers[j][(headers[i].Length + 1)..].All(char.IsAsciiDigit))
                .ToList();
            if (renamed.Count > 0)
            {
                repeated.Add((headers[i], [i + 1, .. renamed.Select(j => j + 1)], [.. renamed.Select(j => headers[j])]));
            }
        }

        return repeated;
    }

    /// <summary>
    /// The one channel a file's name names ("calls.csv", "Meetings 2025.xlsx", "hubspot-crm-exports-all-emails-2025-11-23.csv"),
    /// by the channels' names and their words in <see cref="CanonicalSchema.ValueSynonyms"/>, singular or plural; null when
    /// it names none or several. "Event" is left out: Salesforce's Event object holds meetings, not marketing events.
    /// </summary>
    internal static string? ChannelOfFileName(string name)
    {
        var synonyms = CanonicalSchema.ValueSynonyms["channel"];
        string? Channel(string word) =>
            CanonicalSchema.TouchpointChannels.Contains(word, StringComparer.Ordinal) ? word : synonyms.GetValueOrDefault(word);
        var named = System.Text.RegularExpressions.Regex.Split(Path.GetFileNameWithoutExtension(name).ToLowerInvariant(), "[^a-z0-9]+")
            .Where(w => w is not ("event" or "events"))
            .Select(w => Channel(w) ?? (w.EndsWith('s') ? Channel(w[..^1]) : null))
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return named.Count == 1 ? named[0] : null;
    }

    /// <summary>
    /// An orders file without an amount but with a unit price column ("Unit Price", "UnitPrice", "Price", a line's "Lineitem price",
    /// or the header column_maps maps to unit_price, which wins): its quantity column (null when it has none: one unit a line) and that price.
    /// </summary>
    private static (MappedColumn? Quantity, MappedColumn Price)? AmountFromLine(TableSpec table, IReadOnlyList<MappedColumn> mapped,
        IReadOnlyDictionary<string, string>? userMap)
    {
        if (table.Name != "orders" || mapped.Any(m => !m.IsCustom && m.Column == "amount"))
        {
            return null;
        }

        var mappedPrice = userMap?.Where(kv => kv.Value == ColumnMapper.UnitPriceTarget).Select(kv => ColumnMapper.Normalise(kv.Key)).ToHashSet();
        var price = mapped.FirstOrDefault(m => m.IsCustom && mappedPrice?.Contains(ColumnMapper.Normalise(m.Header)) == true)
            ?? mapped.FirstOrDefault(m => m.IsCustom && (Data.HeaderWords.NamesAUnitPrice(m.Header)
                || (ColumnMapper.FieldOfPath(m.Header) is { OfLines: true } line && Data.HeaderWords.NamesAUnitPrice(line.Field))));
        return price is null ? null : (mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "quantity"), price);
    }

    /// <summary>
    /// Insightly writes an opportunity's value as a bid per unit of time (Bid Type "Per Hour", "Per Month"... with a Bid
    /// Duration in those units; "Fixed Bid" is the whole value): the amount is the bid times its duration, written as the
    /// workspace writes numbers so it is read and checked as any amount. A blank duration counts one unit.
    /// </summary>
    private Func<int, string> BidTimesDuration(TableSpec table, IReadOnlyList<MappedColumn> mapped, Func<int, string> rawColumn, SourceFile source)
    {
        MappedColumn? Custom(string normalised) => mapped.FirstOrDefault(m => m.IsCustom && ColumnMapper.Normalise(m.Header) == normalised);
        if (table.Name != "opportunities" || mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "amount") is not { } amount
            || ColumnMapper.Normalise(amount.Header) != "bidamount" || Custom("bidtype") is not { } type || Custom("bidduration") is not { } duration)
        {
            return rawColumn;
        }

        var product = $"format('{{:.6f}}', sl_num(trim({rawColumn(amount.Position + 1)})) * coalesce(sl_num(trim({rawColumn(duration.Position + 1)})), 1))";
        var total = _workspace.Settings.Import.NumberFormat == "decimal_comma" ? $"replace({product}, '.', ',')" : product;
        var perUnit = $"coalesce(lower(trim({rawColumn(type.Position + 1)})), '') NOT IN ('', 'fixed', 'fixed bid', 'fixed price')";
        source.Notes.Add($"{source.Name}: an opportunity's amount is its '{amount.Header}' times its '{duration.Header}' where its '{type.Header}' "
            + "is a bid per hour, day, month or year (a fixed bid is the amount itself)");
        return k => k == amount.Position + 1
            ? $"CASE WHEN {perUnit} AND sl_num(trim({rawColumn(k)})) IS NOT NULL THEN {total} ELSE {rawColumn(k)} END" : rawColumn(k);
    }

    /// <summary>
    /// The id column an accounts or products file without a name column takes its names from, or null. Only while the table
    /// holds no row whose name is not its id, so a file without names never renames what another file named.
    /// </summary>
    private MappedColumn? NameFromKey(TableSpec table, IReadOnlyList<MappedColumn> mapped) =>
        table.Name is "accounts" or "products" && table.Key is [var key] && !mapped.Any(m => !m.IsCustom && m.Column == "name")
            && mapped.FirstOrDefault(m => !m.IsCustom && m.Column == key) is { } id
            && Count($"SELECT count(*) FROM {table.Name} WHERE name IS DISTINCT FROM {key}") == 0
            ? id : null;

    /// <summary>
    /// Reads <paramref name="column"/> as if the file held it in one more column whose cell is <paramref name="sql"/>, so each
    /// value is parsed and checked as any cell; <paramref name="header"/> names it in messages.
    /// </summary>
    private static (IReadOnlyList<MappedColumn> Mapped, Func<int, string> RawColumn) WithColumn(IReadOnlyList<MappedColumn> mapped, Func<int, string> rawColumn,
        string header, string column, string sql)
    {
        var position = mapped.Max(m => m.Position) + 1;
        return ([.. mapped, new MappedColumn(header, position, column, IsCustom: false)], k => k == position + 1 ? sql : rawColumn(k));
    }

    /// <summary>The header of the column a file without <paramref name="column"/> reads from column_values.</summary>
    private static string FromColumnValues(string column) => $"({column} from column_values)";

    /// <summary>
    /// Touches whose ids are made from their rows' values (<see cref="StagingPlan.EventIdFromRowHeader"/>): rows alike in
    /// every value (a call logged twice on one day) are touches of their own, so each after the first gets its occurrence
    /// number, in file order, with a note.
    /// </summary>
    private void NumberIdenticalTouches(FileStage stage)
    {
        if (!stage.Canonical.TryGetValue("event_id", out var id) || id.Header != StagingPlan.EventIdFromRowHeader)
        {
            return;
        }

        var repeats = Count($"SELECT count(t_event_id) - count(DISTINCT t_event_id) FROM {Stg}");
        if (repeats == 0)
        {
            return;
        }

        _workspace.Execute($"""
            UPDATE {Stg} SET t_event_id = {Stg}.t_event_id || '-' || n.k, {StagingPlan.KeyHash} = hash({Stg}.t_event_id || '-' || n.k)
            FROM (SELECT rowid AS r, row_number() OVER (PARTITION BY t_event_id ORDER BY rowid) AS k FROM {Stg} WHERE t_event_id IS NOT NULL) n
            WHERE {Stg}.rowid = n.r AND n.k > 1
            """);
        var rows = string.Create(CultureInfo.InvariantCulture, $"{repeats:N0} row{(repeats == 1 ? " repeats" : "s repeat")}");
        stage.Source.Notes.Add($"{stage.Source.Name}: {rows} an earlier row in every value: each is kept as a touch of its own, its id numbered after the first's ('-2', '-3')");
    }

    /// <summary>Headers (normalised) of a deal's name, which opportunities keep as a custom attribute.</summary>
    private static readonly string[] DealNameHeaders = ["opportunityname", "dealname", "name", "opportunity", "deal", "dealtitle", "title"];

    /// <summary>
    /// A contacts file without an id column: its email column (null without one), its account column and the columns of a
    /// person's name (a full name, or first and last), or null when it has no account or no name column.
    /// </summary>
    private static (MappedColumn? Email, MappedColumn Account, List<MappedColumn> Person)? ContactKeyFromEmailOrName(TableSpec table, IReadOnlyList<MappedColumn> mapped)
    {
        MappedColumn? Custom(params string[] names) => mapped.FirstOrDefault(m => m.IsCustom && names.Contains(ColumnMapper.Normalise(m.Header)));
        if (table.Name != "contacts" || mapped.Any(m => !m.IsCustom && m.Column == "contact_id")
            || mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "account_id") is not { } account)
        {
            return null;
        }

        List<MappedColumn> person = Custom("fullname", "contactname", "name", "displayname", "contact") is { } full ? [full]
            : Custom("firstname", "givenname", "first") is { } first && Custom("lastname", "surname", "familyname", "last") is { } last ? [first, last]
            : [];
        return person.Count == 0 ? null : (mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "email"), account, person);
    }

    /// <summary>An opportunities file without an id column: its deal name and account columns, or null.</summary>
    private static (MappedColumn Name, MappedColumn Account)? OpportunityKeyFromName(TableSpec table, IReadOnlyList<MappedColumn> mapped) =>
        table.Name == "opportunities" && !mapped.Any(m => !m.IsCustom && m.Column == "opportunity_id")
            && mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "account_id") is { } account
            && DealNameHeaders.Select(h => mapped.FirstOrDefault(m => m.IsCustom && ColumnMapper.Normalise(m.Header) == h)).OfType<MappedColumn>().FirstOrDefault() is { } name
            ? (name, account)
            : null;

    /// <summary>
    /// The name column a file of accounts, products, reps or territories without an id column takes its ids from (accounts
    /// only without a domain), or null. Only while the table holds no row whose id is not its name: a list of names
    /// loaded beside a CRM's ids would add every account a second time.
    /// </summary>
    private MappedColumn? KeyFromName(TableSpec table, IReadOnlyList<MappedColumn> mapped)
    {
        if (table.Name is not ("accounts" or "products" or "reps" or "territories") || table.Key is not [var key]
            || mapped.Any(m => !m.IsCustom && (m.Column == key || m.Column == "domain"))
            || mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "name") is not { } name)
        {
            return null;
        }

        if (Count($"SELECT count(*) FROM {table.Name} WHERE {key} IS DISTINCT FROM name") > 0)
        {
            return null;
        }

        // An accounting package's customer list names each customer twice: its display name, unique and the one its
        // invoices give (QuickBooks' "Customer", with "Parent:Child" for a sub-customer), and its company, which a
        // customer's sub-customers share ("Company name"). The company takes the name; the display name is the key.
        return table.Name == "accounts"
            ? mapped.FirstOrDefault(m => m.IsCustom && DisplayNameHeaders.Contains(ColumnMapper.Normalise(m.Header))) ?? name
            : name;
    }

    /// <summary>The header of the key column a list keyed by names reads from its name column (<see cref="KeyFromName"/>).</summary>
    private static string KeyFromNameHeader(string key) => $"({key} from the name)";

    /// <summary>Headers of a customer's display name in an accounting package's customer list (normalised).</summary>
    private static readonly string[] DisplayNameHeaders = ["customer", "displayname", "customerdisplayname", "customerfullname"];

    /// <summary>
    /// An amount computed from quantity × unit price is net of the line's discount where the file's discounts are rates
    /// (0.15 or 15%, as Northwind's and AdventureWorks' order lines give them); where any is not (an amount off, or 15 for
    /// 15%), which the discount means is not known, so the amounts stay before discount and a note says so.
    /// </summary>
    private void NetOfDiscount(IReadOnlyList<MappedColumn> mapped, SourceFile source)
    {
        if (mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "discount") is not { } discount
            || Count($"SELECT count(*) FROM {Stg} WHERE t_discount IS NOT NULL AND t_discount <> 0") == 0)
        {
            return;
        }

        if (Count($"SELECT count(*) FROM {Stg} WHERE t_discount < 0 OR t_discount >= 1") > 0)
        {
            source.Notes.Add($"{source.Name}: the amounts computed from quantity × unit price are before discount: '{discount.Header}' holds values "
                + "that are no rate between 0 and 1 (such as 0.15 or 15%), so what they take off is not known");
            return;
        }

        _workspace.Execute($"UPDATE {Stg} SET t_amount = t_amount * (1 - t_discount) WHERE t_discount IS NOT NULL AND t_discount <> 0");
        source.Notes.Add($"{source.Name}: each line's amount computed from quantity × unit price is net of its '{discount.Header}' (a rate: 0.15 or 15% is 15% off)");
    }

    /// <summary>
    /// What an orders file lacking its product or its customer and date is likely half of (an export of orders in two files,
    /// <see cref="PairOrderHeaders"/>), and how to import it whole; null when it is not.
    /// </summary>
    private static string? OrderFileHint(TableSpec table, List<string> missing, IReadOnlyDictionary<string, MappedColumn> canonical) =>
        table.Name != "orders" || !canonical.ContainsKey("order_id") ? null
        : missing.Contains("product_id") && canonical.ContainsKey("account_id")
            ? "this looks like order headers (each order's customer and date, no products): import it together with its order lines file (order id, "
                + "product, quantity, price) from the same folder, and each line takes its order's customer and date from it"
        : canonical.ContainsKey("product_id") && (missing.Contains("account_id") || missing.Contains("order_date"))
            ? "this looks like order lines: import it together with its orders file (order id, customer, date) from the same folder, and each "
                + "line takes its order's customer and date from it"
        : null;

    /// <summary>
    /// First and last name columns of a reps file without a name column, or of an accounts file (with its name column, whose
    /// blanks they fill, or without one); else null.
    /// </summary>
    private static (MappedColumn First, MappedColumn Last, MappedColumn? Name)? NameFromParts(TableSpec table, IReadOnlyList<MappedColumn> mapped)
    {
        MappedColumn? Custom(params string[] names) => mapped.FirstOrDefault(m => m.IsCustom && names.Contains(ColumnMapper.Normalise(m.Header)));
        var name = mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "name");
        return (table.Name == "accounts" || (table.Name == "reps" && name is null))
            && Custom("firstname", "givenname", "first") is { } first && Custom("lastname", "surname", "familyname", "last") is { } last
            ? (first, last, name)
            : null;
    }

    /// <summary>The domain column an accounts file without an account_id column takes its ids from, or null (it has an id column, or no domain).</summary>
    private static MappedColumn? IdFromDomain(TableSpec table, IReadOnlyList<MappedColumn> mapped) =>
        table.Name == "accounts" && !mapped.Any(m => !m.IsCustom && m.Column == "account_id")
            ? mapped.FirstOrDefault(m => !m.IsCustom && m.Column == "domain")
            : null;

    /// <summary>
    /// Ids taken from domains become the ids the workspace already gives those domains, so a list without ids updates the
    /// accounts it shares with the CRM instead of adding them again; those rows are marked (<see cref="KeptAccount"/>) so that
    /// they only fill the CRM account's blanks. Inside the transaction, so it sees the accounts of files written before it
    /// in the same command.
    /// </summary>
    private void TakeExistingIds(FileStage stage)
    {
        if (!IdsFromDomains(stage.Canonical))
        {
            return;
        }

        _workspace.Execute($"""
            ALTER TABLE {Stg} ADD COLUMN {KeptAccount} BOOLEAN DEFAULT false;
            UPDATE {Stg} SET t_account_id = m.account_id, {StagingPlan.KeyHash} = hash(m.account_id), {KeptAccount} = true
            FROM (SELECT {AccountMatching.DomainSql("domain")} AS d, min(account_id) AS account_id FROM accounts WHERE domain IS NOT NULL GROUP BY d) m
            WHERE {Stg}.t_account_id = m.d AND m.account_id <> m.d
            """);
    }

    /// <summary>
    /// The staging column marking a row of a list without ids that names an account the workspace has under another id (a
    /// CRM account, matched by domain): the CRM is that account's record, so the list fills only its blank fields.
    /// </summary>
    private const string KeptAccount = "sl_kept_account";

    private static bool IdsFromDomains(Dictionary<string, MappedColumn> canonical) =>
        canonical.TryGetValue("account_id", out var id) && id.Header == StagingPlan.IdFromDomainHeader;

    /// <summary>Whether a staged row holds the header's own names in the table's key columns: the header line again.</summary>
    private bool RepeatsTheHeader(TableSpec table, IReadOnlyList<MappedColumn> mapped, IReadOnlyList<string> headers)
    {
        var keys = table.Key.Select(k => mapped.FirstOrDefault(m => !m.IsCustom && m.Column == k && m.Position < headers.Count)).ToList();
        if (keys.Any(k => k is null))
        {
            return false;
        }

        // A joined part's header line may start with its own byte order mark.
        var same = string.Join(" AND ", keys.Select(k => $"t_{k!.Column} IN ({Sql.Literal(headers[k.Position].Trim())}, chr(65279) || {Sql.Literal(headers[k.Position].Trim())})"));
        return Count($"SELECT count(*) FROM (SELECT 1 FROM {Stg} WHERE {same} LIMIT 1)") > 0;
    }

    /// <summary>
    /// A record holding the header again in another case or spelling ("ACCOUNT_ID,NAME", "Account ID,Account Name": exports
    /// joined end to end; an exact repeat was blanked before staging). In the header's order it is skipped with a note; in
    /// another order the rows under it would load into the wrong columns, so the file is refused at it.
    /// </summary>
    private void SkipRespelledHeaders(FileStage stage)
    {
        var (source, table, headers) = (stage.Source, stage.Table, stage.Headers);
        var header = stage.Canonical.Values.Where(m => m.Position < headers.Count).ToDictionary(m => m.Column, m => m.Position);
        if (source.Format is not ("csv" or "tsv" or "xlsx") || header.Count < 2 || table.Key.FirstOrDefault(header.ContainsKey) is not { } key)
        {
            return;
        }

        // Only a key cell that reads as a header name (spaces, '_', '-' and '.' aside: replace costs a large file a third of
        // what a regular expression does) is looked at further: one pass over one column. The replacements run only for
        // cells holding a separator (2.1 → 0.8 s over 20M order ids without one).
        var userMap = UserMap(table.Name);
        var names = ColumnMapper.KnownHeaders(table).Concat(headers.Select(ColumnMapper.Normalise)).Concat(userMap?.Keys.Select(ColumnMapper.Normalise) ?? [])
            .Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Select(Sql.Literal);
        var nameList = string.Join(", ", names);
        var cells = Enumerable.Range(0, headers.Count).Select(p => stage.Plan.RawCellSql(p) is { } cell ? $"CAST({cell} AS VARCHAR)" : "NULL");
        var rows = new List<(long Rid, List<string> Cells)>();
        using (var command = _workspace.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT {Rid()}, {string.Join(", ", cells)} FROM {Stg} "
                + $"WHERE lower(t_{key}) IN ({nameList}) OR ((contains(t_{key}, ' ') OR contains(t_{key}, '_') OR contains(t_{key}, '-') OR contains(t_{key}, '.')) "
                + $"AND replace(replace(replace(replace(lower(t_{key}), ' ', ''), '_', ''), '-', ''), '.', '') IN ({nameList})) ORDER BY 1 LIMIT 10000";
            using var reader = Workspaces.Workspace.TracedReader(command);
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), [.. Enumerable.Range(1, headers.Count).Select(i => reader.IsDBNull(i) ? "" : reader.GetString(i).Trim())]));
            }
        }

        var inOrder = new List<(long Rid, List<string> Cells)>();
        var reordered = new List<(long Rid, List<string> Cells)>();
        foreach (var row in rows)
        {
            Dictionary<string, int> again;
            try
            {
                again = ColumnMapper.MapHeaders(table, [.. row.Cells.Select((c, i) => c.Length > 0 ? c : $"column{i}")], userMap, source.Name, _workspace.Settings.Currency, notes: [])
                    .Where(m => !m.IsCustom).GroupBy(m => m.Column).ToDictionary(g => g.Key, g => g.First().Position);
            }
            catch (BadInputException)
            {
                continue; // cells no header map can read: a record
            }

            if (again.Count == header.Count && header.All(h => again.ContainsKey(h.Key)))
            {
                (header.All(h => again[h.Key] == h.Value) ? inOrder : reordered).Add(row);
            }
        }

        if (inOrder.Count == 0 && reordered.Count == 0)
        {
            return;
        }

        var found = source.HasTextLines
            ? source.Locate(rows.Select(r => r.Rid).ToHashSet(), headers.Count, Count($"SELECT count(*) FROM {Stg}") + stage.DelimiterOnlyRows)
            : default;
        long LineOf(long rid) => found.Consistent && found.Found.TryGetValue(rid, out var location) ? location.Line : source.RowNumber(rid);
        string Order(IEnumerable<int> positions, IReadOnlyList<string> texts) => string.Join(", ", positions.Order().Select(p => $"'{Diagnostic.Visible(texts[p])}'"));
        if (reordered.Count > 0)
        {
            var first = Order(header.Values, headers);
            throw new BadInputException([.. reordered.Select(r => new Diagnostic(source.Name, LineOf(r.Rid), null, null,
                $"the header line is repeated here with its columns in another order ({Order(header.Values, r.Cells)}; the header has {first}): "
                + "the rows under it would be read into the wrong columns (files joined together?); import the parts as separate files"))], reordered.Count);
        }

        _workspace.Execute($"DELETE FROM {Stg} WHERE {Rid()} IN ({string.Join(", ", inOrder.Select(r => r.Rid.ToString(CultureInfo.InvariantCulture)))})");
        stage.SkippedRows += inOrder.Count;
        var lines = inOrder.Select(r => LineOf(r.Rid).ToString(CultureInfo.InvariantCulture)).ToList();
        source.Notes.Add($"{source.Name}: the header line is repeated in another spelling on line{(lines.Count == 1 ? "" : "s")} {string.Join(", ", lines.Take(10))}"
            + $"{(lines.Count > 10 ? $" and {lines.Count - 10:N0} more" : "")} ({Order(header.Values, inOrder[0].Cells)}; files joined together?); skipped, not read as rows");
    }

    /// <summary>
    /// Keeps the keys of the rows a file refused (for a table others refer to), with the lines known, so that a later file's
    /// reference to one says it was refused there, not that there is no such row.
    /// </summary>
    private void KeepRefusedKeys(FileStage stage, Dictionary<long, long> lines)
    {
        if (stage.Table.Key is not [var key] || !stage.Canonical.ContainsKey(key) || !CanonicalSchema.Tables.Any(t => t.ForeignKeys.Any(f => f.Table == stage.Table.Name)))
        {
            return;
        }

        if (!_refusedKeys.TryGetValue(stage.Table.Name, out var refused))
        {
            refused = $"sl_refused_{stage.Table.Name}";
            _workspace.Execute($"CREATE OR REPLACE TEMP TABLE {refused} (key VARCHAR, file VARCHAR, line BIGINT)");
            _refusedKeys[stage.Table.Name] = refused;
        }

        _workspace.Execute($"CREATE OR REPLACE TEMP TABLE sl_refused_lines (rid BIGINT, line BIGINT)");
        using (var appender = _workspace.Connection.CreateAppender("sl_refused_lines"))
        {
            foreach (var (rid, line) in lines)
            {
                appender.CreateRow().AppendValue(rid).AppendValue(line).EndRow();
            }
        }

        _workspace.Execute($"""
            INSERT INTO {refused}
            SELECT s.t_{key}, {Sql.Literal(stage.Source.Name)}, l.line
            FROM {Stg} s SEMI JOIN {Err} e ON e.rid = {Rid("s")} LEFT JOIN sl_refused_lines l ON l.rid = {Rid("s")}
            WHERE s.t_{key} IS NOT NULL;
            DROP TABLE sl_refused_lines
            """);
    }

    /// <summary>Phase two, inside the transaction: references, then problems or rejects, then the write.</summary>
    private FileImportResult WriteTable(FileStage stage, RunContext context, Action<string> report)
    {
        _stage = stage;
        var source = stage.Source;
        var table = stage.Table;
        if (stage.MissingColumns is { } missing)
        {
            context.FileProblem(new Diagnostic(source.Name, 1, null, null, missing));
        }
        else
        {
            TakeExistingIds(stage);
            report("checking references");
            CheckReferences(table, stage.Canonical, stage.Plan, context);
        }

        var paddedFooter = new List<(long Rid, string Text)>();
        var totalsRows = stage.MissingColumns is null ? SetAsideTrailingTotals(stage.Plan.RawCellsSql, stage.Staged, onlyFailing: true, paddedFooter) : [];
        var folded = stage.MissingColumns is null && table.Name == "orders" ? CombineRepeatedOrderLines(stage) : 0;
        var staged = stage.Staged - totalsRows.Count - paddedFooter.Count;
        var badRows = Count($"SELECT count(DISTINCT rid) FROM {Err}");
        var malformed = new List<(CsvRecordLocation Location, int Fields)>();
        var footer = new List<CsvRecordLocation>();
        if (badRows > 0 || stage.MalformedCount > 0)
        {
            (malformed, footer, var lines) = ReportProblems(source, table, stage.Headers.Count, stage.WellFormedRecords, stage.MissingColumns is not null, stage.Plan.RawRowSql, context);
            KeepRefusedKeys(stage, lines);
        }

        report("writing");
        var notes = new List<string>(source.Notes);
        AddTotalsNote(source, totalsRows, stage.Headers.Count, stage.WellFormedRecords, notes);
        AddFooterNote([.. footer, .. FooterLines(source, paddedFooter, stage.Headers.Count, stage.WellFormedRecords)], notes);
        var (inserted, updated, flagged) = WriteRows(source, table, stage.Canonical, stage.Customs, stage.CustomTypes, stage.Plan, context, notes, staged - badRows - folded);
        AddManagersWithoutRows(stage, notes);
        WriteAccountAliases(stage);
        var rejected = badRows + malformed.Count;
        if (malformed.Count > 0)
        {
            notes.Add($"{malformed.Count:N0} malformed line{(malformed.Count == 1 ? "" : "s")} (wrong number of fields)");
        }

        CheckKeysInLaterFiles(stage);
        _workspace.Execute($"DROP TABLE {Stg}; DROP TABLE {Err}");
        return new FileImportResult(source.Name, table.Name, source.Format, source.Encoding, source.Delimiter,
            staged + malformed.Count, staged - badRows, rejected, inserted, updated, flagged,
            stage.Customs.Select(c => c.Column).ToList(), notes);
    }

    /// <summary>
    /// Takes out of the staging and error tables the failing rows at the end of the file that are a report's totals rows
    /// (<see cref="ReportTotalsRow"/>): a formatted report's "Grand Totals (15 records)" is not a record, and refusing the
    /// file for it would have every such export edited by hand first. Only rows that fail anyway and follow the last
    /// record: an account named "Total" with its id loads like any other, and a subtotal between records stays an error.
    /// </summary>
    /// <param name="cellsSql">The staged row's raw cells joined by chr(31).</param>
    /// <param name="staged">Rows staged.</param>
    /// <param name="onlyFailing">Whether only rows that fail as records qualify (a table's import; an attribute set's rows never fail).</param>
    /// <param name="footer">
    /// Given, also takes out the failing rows after those that are a report's footer saved through a spreadsheet, which pads
    /// each line with delimiters to the header's width ("Confidential Information - Do Not Distribute,,,,"): one filled cell
    /// of words, failing as a record (a footer line fills no required column but the first). A CSV footer without the
    /// padding is a malformed line, set aside by <see cref="SourceFile.Locate"/>.
    /// </param>
    private List<(long Rid, string Label)> SetAsideTrailingTotals(string cellsSql, long staged, bool onlyFailing, List<(long Rid, string Text)>? footer = null)
    {
        var found = new List<(long Rid, string Label)>();
        if (onlyFailing && Count($"SELECT count(*) FROM (SELECT 1 FROM {Err} LIMIT 1)") == 0)
        {
            return found;
        }

        using (var command = _workspace.Connection.CreateCommand())
        {
            var fails = onlyFailing ? $"{Rid()} IN (SELECT rid FROM {Err})" : "true";
            // The cells are joined for the last rows only: over a whole file of millions that join costs seconds.
            command.CommandText = $"""
                SELECT {Rid()} AS rid, {cellsSql}, {fails} FROM {Stg}
                WHERE rowid IN (SELECT rowid FROM {Stg} ORDER BY rowid DESC LIMIT {MaxTotalsRows}) ORDER BY rid DESC
                """;
            using var reader = Workspaces.Workspace.TracedReader(command);
            while (reader.Read())
            {
                var (cells, failing) = (reader.GetString(1).Split('\u001f'), reader.GetBoolean(2));
                if (failing && ReportTotalsRow.Of(cells) is { } totals)
                {
                    found.Add((reader.GetInt64(0), totals.Label));
                }
                else if (footer is not null && failing && found.Count == 0 && cells.Count(c => c.Length > 0) == 1 && cells.First(c => c.Length > 0).Trim() is var text
                    && text.Contains(' ', StringComparison.Ordinal))
                {
                    footer.Add((reader.GetInt64(0), text.Trim()));
                }
                else
                {
                    break;
                }
            }
        }

        // A file of nothing but such rows is no report: it is refused as it is.
        if ((found.Count == 0 && footer is not { Count: > 0 }) || found.Count + (footer?.Count ?? 0) >= staged)
        {
            footer?.Clear();
            return [];
        }

        var rids = string.Join(", ", found.Select(f => f.Rid).Concat(footer?.Select(f => f.Rid) ?? []));
        footer?.Reverse();
        _workspace.Execute($"DELETE FROM {Err} WHERE rid IN ({rids}); DELETE FROM {Stg} WHERE {Rid()} IN ({rids})");
        found.Reverse();
        return found;
    }

    /// <summary>A padded footer's rows as the footer note names them: their lines (sheet rows) and text.</summary>
    private static IEnumerable<CsvRecordLocation> FooterLines(SourceFile source, List<(long Rid, string Text)> footer, int columns, long staged)
    {
        var lines = footer.Count > 0 && source.HasTextLines ? source.Locate(footer.Select(f => f.Rid).ToHashSet(), columns, staged).Found : null;
        return footer.Select(f => new CsvRecordLocation(lines?.GetValueOrDefault(f.Rid)?.Line ?? source.RowNumber(f.Rid), f.Text));
    }

    /// <summary>Totals rows set aside at most (a report ends with a few: group totals, then the grand total).</summary>
    private const int MaxTotalsRows = 10;

    private static void AddTotalsNote(SourceFile source, List<(long Rid, string Label)> totals, int columns, long staged, List<string> notes)
    {
        if (totals.Count == 0)
        {
            return;
        }

        var lines = source.HasTextLines ? source.Locate(totals.Select(t => t.Rid).ToHashSet(), columns, staged).Found : null;
        var where = totals.Select(t => lines?.GetValueOrDefault(t.Rid)?.Line ?? source.RowNumber(t.Rid)).ToList();
        var at = (source.HasTextLines ? "line" : source.Format == "xlsx" ? "sheet row" : "row")
            + (totals.Count == 1 ? string.Create(CultureInfo.InvariantCulture, $" {where[0]} is") : string.Create(CultureInfo.InvariantCulture, $"s {where[0]}-{where[^1]} are"));
        notes.Add($"{at} a report's totals row{(totals.Count == 1 ? "" : "s")} ({string.Join(", ", totals.Select(t => $"'{t.Label}'"))}) "
            + $"after the last record, not {(totals.Count == 1 ? "a record" : "records")}: skipped");
    }

    /// <summary>The staging table of the file being worked on.</summary>
    private string Stg => _stage!.StagingTable;

    /// <summary>The error table of the file being worked on.</summary>
    private string Err => _stage!.ErrorTable;

    /// <summary>
    /// The 0-based record ordinal of a staged row. Row ids of a table written inside a transaction
    /// start at a large offset, so it is rowid minus the first rowid.
    /// </summary>
    private string Rid(string? alias = null) => $"({(alias is null ? "" : alias + ".")}rowid - {_stage!.RowBase})";

    /// <summary>The SQL type each custom column gets: the existing column's, or inferred from the values.</summary>
    private Dictionary<string, string> CustomColumnTypes(TableSpec table, IReadOnlyList<MappedColumn> customs)
    {
        var types = new Dictionary<string, string>();
        if (customs.Count == 0)
        {
            return types;
        }

        var existing = ExistingColumns(table.Name);
        var inferred = InferTypes(customs.Select(c => c.Position).ToList(), customs.Select(c => c.Header).ToList());
        for (var i = 0; i < customs.Count; i++)
        {
            if (existing.TryGetValue(customs[i].Column, out var type))
            {
                types[customs[i].Column] = type;
                _stage!.CustomTypesSetEarlier.Add(customs[i].Column);
                continue;
            }

            types[customs[i].Column] = inferred[i].Sql;
            if (inferred[i].Why is { } why)
            {
                _stage!.CustomTypeReasons[customs[i].Column] = why;
            }
        }

        return types;
    }

    private Dictionary<string, string> ExistingColumns(string table)
    {
        var columns = new Dictionary<string, string>();
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $t AND NOT internal AND schema_name = 'main' ORDER BY column_index";
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("t", table));
        using var reader = Workspaces.Workspace.TracedReader(command);
        while (reader.Read())
        {
            columns[reader.GetString(0)] = reader.GetString(1);
        }

        return columns;
    }

    /// <summary>Types, required values, allowed values, ranges and dates, for every row: one scan per group of rules.</summary>
    private void CheckRows(StagingPlan plan)
    {
        if (plan.Rules.Count == 0)
        {
            return;
        }

        // DuckDB's planning of one statement grows with the square of its rules (their macros expand to regular
        // expressions): a 300-column export's checks took minutes to plan for 3 rows. In groups it stays linear, but
        // each group scans the rows again, which a file of millions of rows feels more than the planning.
        var perStatement = _stage!.Staged < ManyRows ? RulesPerCheck : RulesPerCheckOfManyRows;
        foreach (var rules in plan.Rules.Chunk(perStatement))
        {
            var list = string.Join(", ", rules.Select(c =>
                $"CASE WHEN {c.Condition} THEN {{'col': {Sql.Literal(c.Column)}, 'val': {c.Value ?? "NULL::VARCHAR"}, 'msg': {(c.From is null ? Sql.Literal(c.Message) : $"{Sql.Literal(c.Message)} || coalesce({c.From}, '')")}}} END"));
            var any = string.Join(" OR ", rules.Select(c => $"({c.Condition})"));
            _workspace.Execute($"""
                INSERT INTO {Err}
                SELECT rid, e.col, e.val, e.msg, NULL FROM (
                    SELECT {Rid()} AS rid, unnest([{list}]) AS e FROM {Stg} WHERE {any})
                WHERE e IS NOT NULL
                """);
        }
    }

    /// <summary>The most rules one statement of <see cref="CheckRows"/> checks, below <see cref="ManyRows"/> rows.</summary>
    private const int RulesPerCheck = 8;

    /// <summary>The most rules one statement checks in a file of many rows: the demo's files in one statement.</summary>
    private const int RulesPerCheckOfManyRows = 48;

    private const long ManyRows = 100_000;

    /// <summary>Whether some key hash repeats among the staged rows <paramref name="where"/> selects.</summary>
    private bool KeyHashRepeats(string where) =>
        Count($"SELECT count({StagingPlan.KeyHash}) - count(DISTINCT {StagingPlan.KeyHash}) FROM {Stg} WHERE {where}") > 0;

    /// <summary>A key may appear once per file; later repeats are the bad rows.</summary>
    private void CheckKeys(TableSpec table, Dictionary<string, MappedColumn> canonical)
    {
        if (!table.Key.All(canonical.ContainsKey))
        {
            return;
        }

        // Only rows whose key hash repeats can be duplicates; those few are then compared exactly.
        var hash = StagingPlan.KeyHash;
        var notNull = string.Join(" AND ", table.Key.Where(k => table.Column(k)!.Required).Select(k => $"t_{k} IS NOT NULL"));
        if (!KeyHashRepeats(notNull))
        {
            return;
        }

        _workspace.Execute($"CREATE OR REPLACE TEMP TABLE sl_dup AS SELECT {hash} AS h FROM {Stg} WHERE {notNull} GROUP BY h HAVING count(*) > 1");
        var keys = string.Join(", ", table.Key.Select(k => $"t_{k}"));
        var join = string.Join(" AND ", table.Key.Select(k => $"s.t_{k} IS NOT DISTINCT FROM d.t_{k}"));
        var value = table.Key.Count == 1 ? $"s.t_{table.Key[0]}" : $"concat_ws(', ', {string.Join(", ", table.Key.Select(k => $"coalesce(s.t_{k}, '')"))})";
        _workspace.Execute($"""
            CREATE OR REPLACE TEMP TABLE sl_dup_rows AS SELECT {Rid()} AS rid, {keys} FROM {Stg} SEMI JOIN sl_dup ON sl_dup.h = {hash};
            INSERT INTO {Err}
            SELECT s.rid, {Sql.Literal(string.Join(" + ", table.Key))}, {value}, 'duplicate key', d.first_rid
            FROM sl_dup_rows s JOIN (SELECT {keys}, min(rid) AS first_rid FROM sl_dup_rows GROUP BY ALL HAVING count(*) > 1) d ON {join}
            WHERE s.rid <> d.first_rid
            """);
    }

    /// <summary>References must resolve: required parents always, optional ones once the parent table has rows.</summary>
    private void CheckReferences(TableSpec table, Dictionary<string, MappedColumn> canonical, StagingPlan plan, RunContext context)
    {
        foreach (var reference in table.ForeignKeys)
        {
            if (!canonical.ContainsKey(reference.Column))
            {
                continue;
            }

            var self = reference.Table == table.Name;
            var parentRows = context.Options.Replace && self ? 0 : Count($"SELECT count(*) FROM {reference.Table}");
            if (!reference.Always && !self && parentRows == 0)
            {
                continue;
            }

            ReadAccountAliases(table, reference);
            var noun = CanonicalSchema.Get(reference.Table).RowNoun;
            var notInSelf = self ? $" ANTI JOIN {Stg} p2 ON p2.t_{reference.TargetColumn} = s.t_{reference.Column}" : "";
            var notInParent = parentRows > 0 ? $" ANTI JOIN {reference.Table} p ON p.{reference.TargetColumn} = s.t_{reference.Column}" : "";
            // The rows whose reference is no key, found in one pass: over millions of order lines, the passes that read names
            // run only when there are some.
            var unknownRows = $"""
                CREATE OR REPLACE TEMP TABLE sl_unknown AS
                SELECT {Rid("s")} AS rid, s.{plan.ValueSql[reference.Column]} AS val FROM {Stg} s{notInParent}{notInSelf} WHERE s.t_{reference.Column} IS NOT NULL
                """;
            _workspace.Execute(unknownRows);
            var (named, ambiguous) = Count("SELECT count(*) FROM sl_unknown") == 0 ? (false, false) : ReferencesByName(table, reference, canonical, parentRows, self);
            if (named)
            {
                _workspace.Execute(unknownRows);
            }

            // A team list keyed by ids naming managers who are not in it: the fix is a row for each manager. One keyed by names
            // (Maven's sales_teams.csv) makes those rows itself, but for a misspelt rep.
            SetAsideManagersWithoutRows(table, reference, canonical, parentRows);
            var notFound = $"no such {noun} (not found in {reference.Table}.{reference.TargetColumn}{(self ? "; add a row for it, in this file or an earlier import" : "")})";
            // A value a row rule refused already (an id Excel turned into 1.23457E+11) is told that, not also "no such account".
            var missing = Affected($"""
                INSERT INTO {Err} SELECT u.rid, {Sql.Literal(reference.Column)}, u.val, {Sql.Literal(notFound)}, NULL
                FROM sl_unknown u ANTI JOIN (SELECT rid FROM {Err} WHERE col = {Sql.Literal(reference.Column)}) e ON e.rid = u.rid
                """);
            _workspace.Execute("DROP TABLE sl_unknown");
            if (missing > 0 && _refusedKeys.TryGetValue(reference.Table, out var refused))
            {
                // The row is in an earlier file but was refused there: that row is the one to fix.
                _workspace.Execute($"""
                    UPDATE {Err} SET msg = 'the {noun} is in ' || r.file || ' but was refused there' || coalesce(' (line ' || r.line || ')', '')
                        || ': fix that row, and this one loads with it'
                    FROM (SELECT key, arg_min(file, coalesce(line, 0)) AS file, min(line) AS line FROM {refused} GROUP BY key) r
                    WHERE {Err}.col = {Sql.Literal(reference.Column)} AND {Err}.msg = {Sql.Literal(notFound)} AND {Err}.val = r.key
                    """);
            }

            NameMisspeltManagers(notFound);
            if (missing > 0 && ambiguous)
            {
                // A name two rows share cannot say which one is meant: the message lists them.
                _workspace.Execute($"""
                    UPDATE {Err} SET msg = msg || '; ''' || {Err}.val || ''' is the name of ' || n.ids || ': write the id'
                    FROM (SELECT lower(trim(name)) AS token, count(*) || ' {noun}s (' || string_agg({reference.TargetColumn}, ', ' ORDER BY {reference.TargetColumn}) || ')' AS ids
                          FROM {NamesOf(reference, self, parentRows)} GROUP BY token HAVING count(*) > 1) n
                    WHERE {Err}.col = {Sql.Literal(reference.Column)} AND {Err}.msg = {Sql.Literal(notFound)} AND lower(trim({Err}.val)) = n.token
                    """);
            }

            if (missing > 0 && parentRows > 0)
            {
                // A key written with other spacing, case or punctuation ("GTXPro" for "GTX Pro") is named: the likely fix.
                _workspace.Execute($"""
                    UPDATE {Err} SET msg = msg || '; did you mean ''' || n.key || '''?'
                    FROM (SELECT {KeyToken(reference.TargetColumn)} AS token, min({reference.TargetColumn}) AS key FROM {reference.Table} GROUP BY token) n
                    WHERE {Err}.col = {Sql.Literal(reference.Column)} AND {Err}.msg = {Sql.Literal(notFound)} AND {KeyToken($"{Err}.val")} = n.token
                    """);
                SuggestKeysWithOtherLeadingZeros(reference, notFound);
            }
        }
    }

    /// <summary>
    /// A spreadsheet reads a code such as 00123 as the number 123: a refused reference whose digits are an existing key's once
    /// leading zeros are dropped or added is told that key. Only the refused values are looked at: each with up to 15
    /// zeros in front is looked up, so the parent's keys are matched as they are, not each one rewritten.
    /// </summary>
    private void SuggestKeysWithOtherLeadingZeros(ForeignKey reference, string notFound)
    {
        var key = reference.TargetColumn;
        _workspace.Execute($"""
            UPDATE {Err} SET msg = msg || '; did you mean ''' || z.key || '''? ' || CASE WHEN length(z.key) > length(z.val)
                THEN 'a spreadsheet may have dropped its leading zeros' ELSE 'the id is written with leading zeros it does not have' END
            FROM (SELECT c.val, min(p.{key}) AS key
                  FROM (SELECT DISTINCT val, repeat('0', k::INTEGER) || ltrim(val, '0') AS candidate
                        FROM (SELECT DISTINCT val FROM {Err} WHERE col = {Sql.Literal(reference.Column)} AND msg = {Sql.Literal(notFound)}
                              AND regexp_full_match(val, '[0-9]+') AND ltrim(val, '0') <> ''), range(0, 16) r(k)) c
                  JOIN {reference.Table} p ON p.{key} = c.candidate
                  WHERE c.candidate <> c.val GROUP BY c.val) z
            WHERE {Err}.col = {Sql.Literal(reference.Column)} AND {Err}.msg = {Sql.Literal(notFound)} AND {Err}.val = z.val
            """);
    }

    /// <summary>
    /// CRM exports name owners and parents by name ("Account Owner", "Parent Account" in Salesforce): a reference that is
    /// no key but the name of exactly one row of its target (in the workspace, or in this file for a reference to its own
    /// table) is read as that row's key, with a note. Returns whether some reference names several rows (left for the
    /// not-found message to list them), and whether some were read by name. A reference that is part of the table's key is
    /// left as written, but for an order line's product (a ledger names products by name), whose key is checked after this.
    /// </summary>
    private (bool Named, bool Ambiguous) ReferencesByName(TableSpec table, ForeignKey reference, Dictionary<string, MappedColumn> canonical, long parentRows, bool self)
    {
        // Order lines' keys are checked only after this (CombineRepeatedOrderLines), so a ledger's product named by its name is read too.
        var inKey = table.Key.Contains(reference.Column);
        if (CanonicalSchema.Get(reference.Table).Column("name") is null || (inKey && table.Name != "orders")
            || (self && !canonical.ContainsKey("name")) || (!self && parentRows == 0))
        {
            return (false, false);
        }

        var column = $"t_{reference.Column}";
        var unknown = $"{Stg}.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {reference.Table} p WHERE p.{reference.TargetColumn} = {Stg}.{column})"
            + (self ? $" AND NOT EXISTS (SELECT 1 FROM {Stg} p2 WHERE p2.t_{reference.TargetColumn} = {Stg}.{column})" : "");
        var noun = CanonicalSchema.Get(reference.Table).RowNoun;
        string Names(Func<string, string> token) =>
            $"(SELECT {token("name")} AS token, min({reference.TargetColumn}) AS id, count(*) AS n FROM {NamesOf(reference, self, parentRows)} GROUP BY token)";

        // Each value that is the name of exactly one row, as token compares them, is read as its id.
        long ReadByName(Func<string, string> token, Func<long, string, string> note)
        {
            using var command = _workspace.Connection.CreateCommand();
            command.CommandText = $"""
                SELECT count(*), any_value({Stg}.{column} || ''' is ''' || n.id)
                FROM {Stg} JOIN {Names(token)} n ON n.token = {token($"{Stg}.{column}")} WHERE {unknown} AND n.n = 1
                """;
            using var reader = Workspaces.Workspace.TracedReader(command);
            reader.Read();
            var count = reader.GetInt64(0);
            if (count > 0)
            {
                _stage!.Source.Notes.Add(note(count, reader.GetString(1)));
                _workspace.Execute($"""
                    UPDATE {Stg} SET {column} = n.id{(inKey ? $", {StagingPlan.KeyHash} = hash({string.Join(", ", table.Key.Select(k => k == reference.Column ? "n.id" : $"{Stg}.t_{k}"))})" : "")}
                    FROM {Names(token)} n
                    WHERE n.n = 1 AND n.token = {token($"{Stg}.{column}")} AND {unknown}
                    """);
            }

            return count;
        }

        static string Exact(string value) => $"lower(trim({value}))";
        var named = ReadByName(Exact, (n, example) => n == 1
            ? $"{reference.Column}: 1 value was {("aeiou".Contains(noun[0]) ? "an" : "a")} {noun}'s name, read as its id ('{example}')"
            : string.Create(CultureInfo.InvariantCulture, $"{reference.Column}: {n:N0} values were {noun}s' names, read as their ids (e.g. '{example}')"));

        // A name written with other spacing or punctuation (Maven's pipeline writes "GTXPro" for its product "GTX Pro"), where it
        // is no other row's name so written: read as that row too, with its own note, so the user sees what was taken as what.
        named += ReadByName(KeyToken, (n, example) =>
            $"{reference.Column}: {Counted(n, "value was", "values were")} the name of a {noun} written with other spacing, case or punctuation, "
            + $"read as that {noun}'s id (e.g. '{example}')");

        return (named > 0, Count($"SELECT count(*) FROM {Stg} JOIN {Names(Exact)} n ON n.token = {Exact($"{Stg}.{column}")} WHERE {unknown} AND n.n > 1") > 0);
    }

    /// <summary>The (name, key) rows a reference may name: its target table's, and for a reference to the file's own table, the file's.</summary>
    private string NamesOf(ForeignKey reference, bool self, long parentRows)
    {
        var parts = new List<string>();
        if (parentRows > 0)
        {
            parts.Add($"SELECT name, {reference.TargetColumn} FROM {DisplayNames(reference.Table, reference.TargetColumn)}");
        }

        if (self)
        {
            // The file's own rows, but a key the workspace holds already counts once.
            parts.Add($"SELECT t_name AS name, t_{reference.TargetColumn} AS {reference.TargetColumn} FROM {Stg} s WHERE t_name IS NOT NULL"
                + (parentRows > 0 ? $" AND NOT EXISTS (SELECT 1 FROM {reference.Table} p WHERE p.{reference.TargetColumn} = s.t_{reference.TargetColumn})" : ""));
        }

        return $"({string.Join(" UNION ALL ", parts)})";
    }

    /// <summary>
    /// The (name, key) rows a table's rows are named by: their names, and a product's also as ERPs display it, its code in
    /// brackets before its name ("[FURN_7800] Desk Combination", as Odoo writes an order line's product).
    /// </summary>
    private static string DisplayNames(string table, string key) => table == "products"
        ? $"(SELECT name, {key} FROM {table} UNION ALL SELECT '[' || {key} || '] ' || name, {key} FROM {table} WHERE name IS NOT NULL)"
        : table;

    /// <summary>SQL for a key as compared when a reference is not found: lower case, letters and digits only.</summary>
    private static string KeyToken(string key) => $@"regexp_replace(lower({key}), '[^\pL\pN]', '', 'g')";

    private static void AddFooterNote(List<CsvRecordLocation> footer, List<string> notes)
    {
        if (footer.Count == 0)
        {
            return;
        }

        var example = footer.Select(f => f.Raw.Trim().Trim('"').Trim()).FirstOrDefault(t => t.Length > 0);
        var lines = footer.Count == 1 ? $"line {footer[0].Line}" : $"lines {footer[0].Line}-{footer[^1].Line}";
        notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{lines} after the last row {(footer.Count == 1 ? "is" : "are")} a report footer (one cell each{(example is null ? "" : $", such as \"{example}\"")}), not rows: skipped"));
    }

    /// <summary>
    /// Finds lines and raw text for the bad rows, then either records diagnostics (strict) or
    /// writes every bad row to the rejects table (lenient). Returns the malformed records, and a report footer apart.
    /// </summary>
    private (List<(CsvRecordLocation Location, int Fields)> Malformed, List<CsvRecordLocation> Footer, Dictionary<long, long> Lines) ReportProblems(SourceFile source, TableSpec table, int fieldCount,
        long staged, bool wholeFile, string rawRowSql, RunContext context)
    {
        var lenient = context.Options.Lenient;
        var errors = new List<(long Rid, string? Col, string? Val, string Msg, long? Ref)>();
        using (var command = _workspace.Connection.CreateCommand())
        {
            command.CommandText = lenient
                ? $"SELECT rid, col, val, msg, ref_rid FROM {Err} ORDER BY rid"
                : $"SELECT rid, col, val, msg, ref_rid FROM {Err} ORDER BY rid LIMIT {BadInputException.MaxShown}";
            using var reader = Workspaces.Workspace.TracedReader(command);
            while (reader.Read())
            {
                errors.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt64(4)));
            }
        }

        var wanted = new HashSet<long>(errors.Select(e => e.Rid).Concat(errors.Where(e => e.Ref.HasValue).Select(e => e.Ref!.Value)));
        var malformed = new List<(CsvRecordLocation Location, int Fields)>();
        var footer = new List<CsvRecordLocation>();
        Dictionary<long, CsvRecordLocation> found = [];
        var consistent = true;
        if (source.HasTextLines)
        {
            (found, malformed, footer, consistent) = source.Locate(wanted, fieldCount, staged);
            // A line of spaces or tabs is as blank as an empty line in a spreadsheet, where it cannot be seen.
            static bool Blank(CsvRecordLocation line) => line.Raw.AsSpan().Trim(" \t\r\n").IsEmpty;
            var whiteSpace = malformed.Select(m => m.Location).Concat(footer).Where(Blank).Select(l => l.Line).Order().ToList();
            if (whiteSpace.Count > 0)
            {
                malformed.RemoveAll(m => Blank(m.Location));
                footer.RemoveAll(Blank);
                source.Notes.Add($"{source.Name}: {whiteSpace.Count:N0} line{(whiteSpace.Count == 1 ? "" : "s")} of only spaces or tabs "
                    + $"(line{(whiteSpace.Count == 1 ? "" : "s")} {string.Join(", ", whiteSpace.Take(10))}{(whiteSpace.Count > 10 ? $" and {whiteSpace.Count - 10:N0} more" : "")}): skipped like blank lines");
            }
        }

        long LineOf(long rid) => source.HasTextLines && consistent && found.TryGetValue(rid, out var location) ? location.Line : source.RowNumber(rid);
        string Message((long Rid, string? Col, string? Val, string Msg, long? Ref) e) =>
            (e.Ref is { } first ? $"{e.Msg}; first seen on line {LineOf(first)}" : e.Msg)
            + (found.TryGetValue(e.Rid, out var row) && ReportTotalsRow.Of(row.Raw.Split([',', ';', '\t', '|'])) is { } totals
                ? $" (the row holds {ReportTotalsRow.Holds(totals)}: a report's totals row?{(lenient ? "" : " delete it, or import with --lenient to set it aside in rejects")})"
                : !lenient && e.Msg.StartsWith(StagingPlan.RequiredMissing, StringComparison.Ordinal) ? WaysOutOfAMissingValue(table, e.Col)
                : "");

        if (!lenient)
        {
            var shown = malformed.Select(m => (Line: m.Location.Line, Diagnostic: new Diagnostic(source.Name, m.Location.Line, null, null,
                    $"expected {fieldCount} fields but found {m.Fields}")))
                .Concat(wholeFile ? [] : errors.Select(e => (Line: LineOf(e.Rid), Diagnostic: new Diagnostic(source.Name, LineOf(e.Rid), e.Col, e.Val, Message(e)))))
                .OrderBy(d => d.Line);
            foreach (var (_, diagnostic) in shown)
            {
                context.Problem(diagnostic);
            }

            // Only the first errors were read; the rest are counted.
            var total = wholeFile ? 0 : Count($"SELECT count(*) FROM {Err}");
            context.Problems(total - (wholeFile ? 0 : errors.Count));
            return (malformed, footer, errors.Select(e => e.Rid).Distinct().ToDictionary(rid => rid, LineOf));
        }

        // Lenient: every bad row goes to rejects with all its reasons.
        var rawBySql = source.HasTextLines && consistent ? null : RawRows(wanted, rawRowSql);
        _workspace.Execute("CREATE OR REPLACE TEMP TABLE sl_rejects (line BIGINT, raw VARCHAR, reason VARCHAR)");
        using (var appender = _workspace.Connection.CreateAppender("sl_rejects"))
        {
            foreach (var group in errors.GroupBy(e => e.Rid))
            {
                var reason = string.Join("; ", group.Select(e => new Diagnostic("", null, e.Col, e.Val, Message(e)).ToString().TrimStart(':', ' ')));
                var raw = rawBySql is not null ? rawBySql.GetValueOrDefault(group.Key) : found.GetValueOrDefault(group.Key)?.Raw;
                appender.CreateRow().AppendValue(LineOf(group.Key)).AppendValue(raw).AppendValue(reason).EndRow();
            }

            foreach (var (location, fields) in malformed)
            {
                appender.CreateRow().AppendValue(location.Line).AppendValue(location.Raw)
                    .AppendValue($"expected {fieldCount} fields but found {fields}").EndRow();
            }
        }

        _workspace.Execute($"INSERT INTO rejects SELECT {Sql.Literal(context.RunId)}, {Sql.Literal(source.Name)}, {Sql.Literal(table.Name)}, line, raw, reason FROM sl_rejects ORDER BY line");
        return (malformed, footer, errors.Select(e => e.Rid).Distinct().ToDictionary(rid => rid, LineOf));
    }

    /// <summary>
    /// What a strict import can do about a blank required value. An invoice's line without an item (Xero's InventoryItemCode
    /// left blank on a free-text line: a fee, a service, a delivery) has no product, and an order line's product is its key.
    /// </summary>
    private static string WaysOutOfAMissingValue(TableSpec table, string? column) => table.Name == "orders" && column == "product_id"
        ? "; an order line needs its product (a free-text line without an item code names none): give the line an item, "
            + "or import with --lenient to load the other lines and set such lines aside in rejects"
        : "; fill it in, or import with --lenient to load the other rows and set such rows aside in rejects";

    private Dictionary<long, string> RawRows(IReadOnlySet<long> rids, string rawRowSql)
    {
        var rows = new Dictionary<long, string>();
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT {Rid()} AS rid, {rawRowSql} FROM {Stg} WHERE {Rid()} IN (SELECT rid FROM {Err})";
        using var reader = Workspaces.Workspace.TracedReader(command);
        while (reader.Read())
        {
            if (rids.Contains(reader.GetInt64(0)))
            {
                rows[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        return rows;
    }

    /// <summary>Upserts the good rows by key (or replaces the table), adds custom columns, and flags returns and implausible values.</summary>
    private (long Inserted, long Updated, long Flagged) WriteRows(SourceFile source, TableSpec table, Dictionary<string, MappedColumn> canonical,
        IReadOnlyList<MappedColumn> customs, Dictionary<string, string> customTypes, StagingPlan plan, RunContext context, List<string> notes, long loaded)
    {
        if (table.Columns.Any(c => c.Required && !canonical.ContainsKey(c.Name)))
        {
            return (0, 0, 0);
        }

        var existing = ExistingColumns(table.Name);
        foreach (var custom in customs.Where(c => !existing.ContainsKey(c.Column)))
        {
            _workspace.Execute($"ALTER TABLE {table.Name} ADD COLUMN {custom.Column} {customTypes[custom.Column]}");
            using var command = _workspace.Connection.CreateCommand();
            command.CommandText = "INSERT INTO attribute_catalog VALUES ($t, $c, $type, $h, $f, $run)";
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("t", table.Name));
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("c", custom.Column));
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("type", customTypes[custom.Column]));
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("h", custom.Header));
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("f", source.Name));
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("run", context.RunId));
            command.ExecuteNonQuery();
            notes.Add($"new custom attribute {table.Name}.{custom.Column} ({customTypes[custom.Column]}) from header '{custom.Header}'"
                + (_stage!.CustomTypeReasons.TryGetValue(custom.Column, out var why) ? $": {why}" : ""));
        }

        if (context.Options.Replace && context.ReplacedTables.Add(table.Name))
        {
            // Reloading every row costs less without the server's account index, which it builds again once after.
            Access.AccountIndexes.Drop(_workspace, table.Name);
            _workspace.Execute($"DELETE FROM {table.Name}{(table.Name == "accounts" ? "; DELETE FROM account_aliases" : "")}");
        }

        var columns = canonical.Keys.Select(c => (Target: c, Expression: $"t_{c}"))
            .Concat(customs.Select(c => (Target: c.Column, Expression: StagingPlan.CustomTyped(customTypes[c.Column], $"r{c.Position}"))))
            .ToList();
        var good = Count($"SELECT count(*) FROM {Err}") == 0 ? "" : $" ANTI JOIN (SELECT DISTINCT rid FROM {Err}) e ON e.rid = {Rid("s")}";
        var targetRows = Count($"SELECT count(*) FROM {table.Name}");
        long updated = 0;
        var into = string.Join(", ", columns.Select(c => c.Target));
        var select = string.Join(", ", columns.Select(c => $"{c.Expression} AS {c.Target}"));
        if (targetRows == 0)
        {
            _workspace.Execute($"INSERT INTO {table.Name} ({into}) SELECT {select} FROM {Stg} s{good}");
        }
        else
        {
            // Columns the file does not carry keep their current values on rows that already exist.
            var kept = ExistingColumns(table.Name).Keys.Where(c => columns.All(x => x.Target != c)).ToList();
            var keyJoin = string.Join(" AND ", table.Key.Select(k => $"o.{k} IS NOT DISTINCT FROM g.{k}"));
            var fillsBlanks = IdsFromDomains(canonical);
            if (fillsBlanks)
            {
                // The domain matched, however it is written, so it is not told as a difference.
                notes.AddRange(BlanksFilled(table, [.. columns.Select(c => c.Target).Where(c => !table.Key.Contains(c) && c != "domain")], select, good, keyJoin));
            }

            // A CRM account matched by a list without ids keeps each value it has; the list's goes only where it has none.
            // A value from column_values is a default: a row already in the table keeps its own.
            var defaults = canonical.Values.Where(m => m.Header == FromColumnValues(m.Column)).Select(m => m.Column).ToHashSet(StringComparer.Ordinal);
            var carried = fillsBlanks || defaults.Count > 0
                ? string.Join(", ", columns.Select(c => table.Key.Contains(c.Target) ? $"g.{c.Target}"
                    : defaults.Contains(c.Target) ? $"coalesce(o.{c.Target}, g.{c.Target}) AS {c.Target}"
                    : fillsBlanks ? $"CASE WHEN g.{KeptAccount} THEN coalesce(o.{c.Target}, g.{c.Target}) ELSE g.{c.Target} END AS {c.Target}"
                    : $"g.{c.Target}"))
                : "g.*";
            _workspace.Execute($"""
                CREATE OR REPLACE TEMP TABLE sl_good AS
                SELECT {carried}{string.Concat(kept.Select(k => $", o.{k}"))}
                FROM (SELECT {select}{(fillsBlanks ? $", s.{KeptAccount}" : "")} FROM {Stg} s{good}) g
                LEFT JOIN {table.Name} o ON {keyJoin}
                """);
            var deleteJoin = string.Join(" AND ", table.Key.Select(k => $"t.{k} IS NOT DISTINCT FROM g.{k}"));
            updated = Count($"SELECT count(*) FROM {table.Name} t SEMI JOIN sl_good g ON {deleteJoin}");
            _workspace.Execute($"DELETE FROM {table.Name} t USING sl_good g WHERE {deleteJoin}");
            var all = string.Join(", ", columns.Select(c => c.Target).Concat(kept));
            _workspace.Execute($"INSERT INTO {table.Name} ({all}) SELECT {all} FROM sl_good; DROP TABLE sl_good");
        }

        ReadingNotes(plan, notes, good);
        if (table.Name == "opportunities")
        {
            WonFromStage(notes);
            CloseDateFromExpected(notes, context.Today);
        }

        var flagged = Flag(source, table, plan, context, good);
        if (context.Options.Replace)
        {
            CheckOrphansAfterReplace(source, table, context);
        }

        return (loaded - updated, updated, flagged);
    }

    /// <summary>
    /// For a list without ids, how many of its rows matched CRM accounts by domain, and per column how many of their blank
    /// fields the list fills and how many differing values it leaves as they are (the CRM's).
    /// </summary>
    private List<string> BlanksFilled(TableSpec table, IReadOnlyList<string> carried, string select, string good, string keyJoin)
    {
        var matched = Count($"SELECT count(*) FROM {Stg} s{good} WHERE s.{KeptAccount}");
        if (matched == 0 || carried.Count == 0)
        {
            return [];
        }

        var counts = string.Join(", ", carried.Select(c =>
            $"count(*) FILTER (o.{c} IS NULL AND g.{c} IS NOT NULL), count(*) FILTER (o.{c} IS NOT NULL AND g.{c} IS NOT NULL AND o.{c} <> g.{c})"));
        var filled = new List<string>();
        var differing = new List<string>();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        using (var command = _workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT {counts}
                FROM (SELECT {select}, s.{KeptAccount} FROM {Stg} s{good}) g JOIN {table.Name} o ON {keyJoin}
                WHERE g.{KeptAccount}
                """;
            using var reader = Workspaces.Workspace.TracedReader(command);
            reader.Read();
            for (var i = 0; i < carried.Count; i++)
            {
                if (reader.GetInt64(2 * i) is > 0 and var f)
                {
                    filled.Add(string.Create(inv, $"{carried[i]} {f:N0}"));
                }

                if (reader.GetInt64((2 * i) + 1) is > 0 and var d)
                {
                    differing.Add(string.Create(inv, $"{carried[i]} {d:N0}"));
                }
            }
        }

        var rows = string.Create(inv, $"{matched:N0} row{(matched == 1 ? "" : "s")}");
        return [$"{rows} matched accounts the workspace already has by domain: their values are kept and the list fills only blank fields "
            + $"(filled: {(filled.Count == 0 ? "none" : string.Join(", ", filled))}; different in the list, kept: {(differing.Count == 0 ? "none" : string.Join(", ", differing))}). "
            + "To keep the list's values beside the CRM's, import it as an attribute set (--attributes NAME)"];
    }

    /// <summary>
    /// Tells how values not written as their column's type were read (Excel serial day numbers or Unix epochs as dates,
    /// size bands as midpoints or lower bounds): per column and kind, how many, with the first as an example.
    /// </summary>
    private void ReadingNotes(StagingPlan plan, List<string> notes, string good)
    {
        foreach (var (column, raw) in plan.Readings.Where(r => plan.HasRaw(r.Raw)))
        {
            var reading = ValueParsing.ReadingOf(column, raw)!;
            using var command = _workspace.Connection.CreateCommand();
            command.CommandText = $"""
                SELECT {reading} AS kind, count(*), min({raw}), CAST(arg_min(t_{column.Name}, {raw}) AS VARCHAR)
                FROM {Stg} s{good}
                WHERE {raw} IS NOT NULL AND {reading} IS NOT NULL AND t_{column.Name} IS NOT NULL
                GROUP BY kind ORDER BY kind
                """;
            using var reader = Workspaces.Workspace.TracedReader(command);
            while (reader.Read())
            {
                var value = reader.GetString(3);
                value = value.EndsWith(".0", StringComparison.Ordinal) ? value[..^2] : value; // DuckDB's text of a whole double
                notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{column.Name}: {ValueParsing.ValuesReadAs(reader.GetInt64(1), reader.GetString(0))} (e.g. {reader.GetString(2)} is {value})"));
            }
        }

        foreach (var (column, headers, from) in plan.Fallbacks)
        {
            // Per header after the first: the rows whose earlier headers were all blank and that took their value from it.
            using var command = _workspace.Connection.CreateCommand();
            command.CommandText = $"SELECT {from}, count(*) FROM {Stg} s{good} WHERE {from} > 0 GROUP BY 1 ORDER BY 1";
            using var reader = Workspaces.Workspace.TracedReader(command);
            while (reader.Read())
            {
                var (k, count) = (reader.GetInt32(0), reader.GetInt64(1));
                var rows = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count:N0} row{(count == 1 ? "" : "s")}");
                var blank = string.Join(" or ", headers.Take(k));
                notes.Add($"{column.Name}: {rows} had no {blank} and took {headers[k]}");
            }
        }

        foreach (var (column, raw) in plan.ThousandsShaped)
        {
            ThousandsShapedNote(column, raw, notes, good);
        }

        if (plan.ValueSql.ContainsKey("annual_revenue") && plan.ValueSql.ContainsKey("employees"))
        {
            RevenueUnitNote(notes, good);
        }

        foreach (var (column, raw) in plan.NoValues)
        {
            var words = Data.CanonicalSchema.NoValueWords[column.Name];
            using var command = _workspace.Connection.CreateCommand();
            command.CommandText = $"""
                SELECT sl_token({raw}) AS word, count(*), min({raw})
                FROM {Stg} s{good}
                WHERE t_{column.Name} IS NULL AND sl_token({raw}) IN ({string.Join(", ", words.Keys.Select(Sql.Literal))})
                GROUP BY word ORDER BY word
                """;
            using var reader = Workspaces.Workspace.TracedReader(command);
            while (reader.Read())
            {
                var count = reader.GetInt64(1);
                notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{column.Name}: {count:N0} value{(count == 1 ? "" : "s")} '{reader.GetString(2)}' ({words[reader.GetString(0)]}) {(count == 1 ? "was" : "were")} read as no {column.Name}"));
            }
        }
    }

    /// <summary>
    /// A decimal column whose every value has three digits after the decimal mark and no other mark (1.500, 12.000,
    /// 250.000) most likely comes from an export grouping thousands with that mark: each was read as a thousandth of what
    /// it says. Such values are valid decimals, so they load; the note names the setting to change and import again.
    /// </summary>
    private void ThousandsShapedNote(ColumnSpec column, string raw, List<string> notes, string good)
    {
        var shaped = $"{raw} IS NOT NULL AND {ValueParsing.ThousandsShaped(raw, _workspace.Settings.Import)}";
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT count(t_{column.Name}), count(*) FILTER (WHERE {shaped}), arg_min({raw}, t_{column.Name}) FILTER (WHERE {shaped}), "
            + $"arg_max({raw}, t_{column.Name}) FILTER (WHERE {shaped}) FROM {Stg} s{good}";
        using var reader = Workspaces.Workspace.TracedReader(command);
        if (!reader.Read() || reader.GetInt64(1) < MinThousandsShaped || reader.GetInt64(1) != reader.GetInt64(0))
        {
            return;
        }

        var (mark, name, other) = _workspace.Settings.Import.NumberFormat == "decimal_comma" ? (",", "comma", "decimal_point") : (".", "dot", "decimal_comma");
        notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{column.Name}: all {reader.GetInt64(0):N0} values have exactly three digits after the {name} ({reader.GetString(2)} to {reader.GetString(3)}), "
            + $"so they were read as decimals (1{mark}500 is 1{mark}5); if the file groups thousands with a {name} (1{mark}500 for 1500), "
            + $"set number_format: {other} under import: in sightline.yaml and import it again"));
    }

    /// <summary>
    /// Revenue given in thousands or millions under a plain header (Maven Analytics' accounts.csv: 1100.04 for $1.1 billion)
    /// reads as a few dollars a year per employee, which no company makes: the note says how to name the unit. The values
    /// are valid numbers, so they load.
    /// </summary>
    private void RevenueUnitNote(List<string> notes, string good)
    {
        using var command = _workspace.Connection.CreateCommand();
        command.CommandText = $"""
            SELECT count(*), median(t_annual_revenue / t_employees)
            FROM {Stg} s{good} WHERE t_annual_revenue > 0 AND t_employees > 0
            """;
        using var reader = Workspaces.Workspace.TracedReader(command);
        if (!reader.Read() || reader.GetInt64(0) < MinRevenueRows || reader.GetDouble(1) >= MinRevenuePerEmployee)
        {
            return;
        }

        var currency = _workspace.Settings.Currency;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        notes.Add($"annual_revenue: the median revenue per employee is {reader.GetDouble(1).ToString("N2", inv)} {currency} a year over {reader.GetInt64(0).ToString("N0", inv)} accounts, "
            + "far below any company's; if the file gives revenue in thousands or millions, name the unit in its header ('Revenue (millions)') or in sightline.yaml "
            + "(column_maps: { accounts: { HEADER: annual_revenue (millions) } }) and import it again");
    }

    /// <summary>Accounts with revenue and employees a revenue-per-employee note needs, and the least a year per employee any company makes.</summary>
    private const int MinRevenueRows = 3;

    private const double MinRevenuePerEmployee = 1_000;

    /// <summary>Values a column needs, all shaped as thousands, before it is told: one or two such values say little.</summary>
    private const int MinThousandsShaped = 3;

    /// <summary>
    /// Exports without a won column (HubSpot deals, many Salesforce reports) say it in the stage: an opportunity whose won is
    /// empty and whose stage is "Closed Won" or "Closed Lost" (or just "Won" / "Lost"), also with words after it as custom
    /// stages and Zoho write them ("Closed Lost to Competition", "Closed Won - Signed"), gets won from it.
    /// </summary>
    private void WonFromStage(List<string> notes)
    {
        // The word must end where the outcome does: "Won't proceed" is no win.
        static string Outcome(string word) => $"regexp_matches(lower(trim(stage)), '^(closed[\\s\\-_/]*)?{word}([\\s\\-_/(:,.]|$)')";
        var set = Affected($"""
            UPDATE opportunities SET won = {Outcome("won")}
            WHERE won IS NULL AND ({Outcome("won")} OR {Outcome("lost")})
            """);
        if (set > 0)
        {
            notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"won taken from the stage for {Sightline.Counted.Of(set, "opportunity", "opportunities")} without it (Closed Won: true, Closed Lost: false)"));
        }
    }

    /// <summary>
    /// Some CRMs keep one date for a deal's close, the expected one (SuiteCRM's and SugarCRM's "Expected Close Date", Odoo's
    /// "Expected Closing"), which the seller moves to the day a deal is won or lost. It stays a custom attribute (a forecast
    /// while the deal is open), but a closed deal (won known) without a close date takes it as its closed_at, with a note;
    /// one after today is left alone (a deal marked closed before its expected day keeps no date rather than a future one).
    /// </summary>
    private void CloseDateFromExpected(List<string> notes, DateOnly today)
    {
        var expected = _workspace.Strings("""
            SELECT column_name FROM information_schema.columns
            WHERE table_name = 'opportunities' AND data_type IN ('DATE', 'TIMESTAMP')
              AND regexp_full_match(column_name, '(deal_)?(expected|est|estimated)_clos(e|ing)(_date)?')
            ORDER BY ordinal_position
            """).FirstOrDefault();
        if (expected is null)
        {
            return;
        }

        var set = Affected($"""
            UPDATE opportunities SET closed_at = CAST({expected} AS DATE)
            WHERE closed_at IS NULL AND won IS NOT NULL AND {expected} IS NOT NULL AND CAST({expected} AS DATE) <= DATE '{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'
            """);
        if (set > 0)
        {
            notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"closed_at taken from {expected} for {set:N0} closed opportunities without it (the CRM's one close date, moved to the day the deal closed)"));
        }
    }

    private long Flag(SourceFile source, TableSpec table, StagingPlan plan, RunContext context, string good)
    {
        long total = 0;
        var key = $"concat_ws('|', {string.Join(", ", table.Key.Select(k => $"coalesce(t_{k}, '')"))})";
        foreach (var (column, condition, flag) in StagingPlan.Flags(table.Name, _workspace.Settings.Import).Where(f => plan.ValueSql.ContainsKey(f.Column)))
        {
            total += Affected($"""
                INSERT INTO import_flags
                SELECT {Sql.Literal(context.RunId)}, {Sql.Literal(table.Name)}, {key}, {Sql.Literal(source.Name)}, NULL,
                       {Sql.Literal(column)}, {plan.ValueSql[column]}, {Sql.Literal(flag)}
                FROM {Stg} s{good} WHERE {condition}
                """);
        }

        return total;
    }

    /// <summary>
    /// Replacing a parent table must not strand rows that need it. A file problem, so a lenient import stops too: its
    /// rejected parents are deleted by the replace all the same, and loading the rest would strand their children.
    /// </summary>
    private void CheckOrphansAfterReplace(SourceFile source, TableSpec table, RunContext context)
    {
        foreach (var child in CanonicalSchema.Tables)
        {
            foreach (var reference in child.ForeignKeys.Where(r => r.Table == table.Name && r.Always && child.Name != table.Name))
            {
                var stranded = $"FROM {child.Name} c WHERE NOT EXISTS (SELECT 1 FROM {table.Name} p WHERE p.{reference.TargetColumn} = c.{reference.Column})";
                var orphans = Count($"SELECT count(*) {stranded}");
                if (orphans > 0)
                {
                    var missing = _workspace.Strings($"SELECT DISTINCT CAST(c.{reference.Column} AS VARCHAR) AS k {stranded} AND c.{reference.Column} IS NOT NULL ORDER BY k LIMIT 4");
                    var shown = string.Join(", ", missing.Take(3).Select(k => $"'{k}'")) + (missing.Count > 3 ? ", ..." : "");
                    var setAside = context.Options.Lenient ? $" (a row of this file that --lenient sets aside is not loaded, so its {table.RowNoun} is missing too)" : "";
                    context.FileProblem(new Diagnostic(source.Name, null, null, null,
                        $"--replace would leave {Sightline.Counted.Of(orphans, child.Name + " row")} without {Sightline.Counted.Agree(orphans, "its", "their")} {table.RowNoun} ({child.Name}.{reference.Column} {shown}){setAside}; "
                        + $"include those {table.Name} or replace {child.Name} too"));
                }
            }
        }
    }
}
