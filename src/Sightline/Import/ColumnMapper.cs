using System.Collections.Frozen;
using System.Text;
using Sightline.Data;

namespace Sightline.Import;

/// <summary>How one input header lands in a table.</summary>
/// <param name="Header">Header as read from the file.</param>
/// <param name="Position">0-based position in the file.</param>
/// <param name="Column">Canonical column it maps to, or the snake_case name of the custom attribute it becomes.</param>
/// <param name="IsCustom">True when the header is not a canonical column and is kept as a custom attribute.</param>
/// <param name="Scale">What each value is multiplied by: a header naming its unit ("Revenue ($M)") gives a million; else 1.</param>
/// <param name="Fallbacks">Other headers naming the same column, closest first, read on a row where this one is blank
/// (<see cref="ColumnMapper.FallsBack"/>); null when the column takes one header only.</param>
public sealed record MappedColumn(string Header, int Position, string Column, bool IsCustom, double Scale = 1,
    IReadOnlyList<(string Header, int Position)>? Fallbacks = null);

/// <summary>A unit a header names for its numbers: "Revenue (millions)" is <see cref="Base"/> "Revenue" times a million.</summary>
/// <param name="Base">The header without the unit.</param>
/// <param name="Scale">What each value is multiplied by.</param>
/// <param name="Words">The unit in words, for notes.</param>
public sealed record HeaderScale(string Base, double Scale, string Words)
{
    // "(millions)", "(in millions of USD)", "($M)", "[USD k]", "(000s)", "(€bn)", and the same without brackets after a
    // space, comma or underscore when the word is unmistakable ("Revenue in millions", "revenue_mm", "Revenue, $M").
    private static readonly System.Text.RegularExpressions.Regex Bracketed = new(
        @"^(?<base>.+?)[\s,_-]*[\(\[]\s*(?:in\s+)?(?:[$€£¥]|usd|eur|gbp|chf|jpy|cad|aud)?\s*(?<unit>billions?|bn|b|millions?|mio|mm|mn|m|thousands?|k|'?000'?s?)\s*(?:of\s+)?(?:[$€£¥]|usd|eur|gbp|chf|jpy|cad|aud|dollars|euros?)?\s*[\)\]]$",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly System.Text.RegularExpressions.Regex Trailing = new(
        @"^(?<base>.+?)(?:\s+in\s+(?<unit>billions|millions|thousands)|[\s,_-]+(?:[$€£]\s*)?(?<unit>mm|mn|bn|\$m|\$k|\$bn|'000s?|000s))$",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The unit <paramref name="header"/> names after its name, or null when it names none.</summary>
    public static HeaderScale? Of(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var match = Bracketed.Match(header.Trim());
        if (!match.Success)
        {
            match = Trailing.Match(header.Trim());
        }

        if (!match.Success)
        {
            return null;
        }

        var unit = match.Groups["unit"].Value.ToLowerInvariant().TrimStart('$');
        (double Scale, string Words)? scale = unit switch
        {
            "b" or "bn" or "billion" or "billions" => (1e9, "billions"),
            "m" or "mm" or "mn" or "mio" or "million" or "millions" => (1e6, "millions"),
            "k" or "thousand" or "thousands" or "000" or "000s" or "'000" or "'000s" or "000's" or "'000's" => (1e3, "thousands"),
            _ => null,
        };
        return scale is { } s ? new HeaderScale(match.Groups["base"].Value.Trim(), s.Scale, s.Words) : null;
    }
}

/// <summary>
/// Maps CRM export headers to canonical columns: the user's map in sightline.yaml first, then the
/// built-in Salesforce / HubSpot style maps, then the canonical name itself in any spelling.
/// </summary>
public static partial class ColumnMapper
{
    /// <summary>
    /// What exports call a touch's time, closest first: with the canonical name (and the user's map) before them, the rank in
    /// which several headers of one file are tried for occurred_at (<see cref="FallsBack"/>), by the import and by the touch
    /// API's CSV reader alike (both read <see cref="MappedColumn.Fallbacks"/> of <see cref="MapHeaders"/>).
    /// </summary>
    public static IReadOnlyList<string> TimeHeaders { get; } =
        ["Occurred At", "Completed Date/Time", "CompletedDateTime", "ActivityDateTime", "StartDateTime", "Activity Date", "ActivityDate", "Date", "Timestamp"];

    // Keys are normalised headers (lowercase letters and digits only).
    private static readonly Dictionary<string, Dictionary<string, (string Column, int Rank)>> BuiltIn = new()
    {
        ["accounts"] = Map(
            // Dynamics exports key each record by a GUID column "(Do Not Modify) Account"; their Account Number is often empty.
            ("account_id", ["Account ID", "Account Id", "AccountId", "Id", "Record ID", "Company ID", "Customer ID", "(Do Not Modify) Account", "Customer Number", "Account Number",
                "Organization ID", "Organisation ID"]),
            ("name", ["Account Name", "Company name", "Company", "Name", "Customer Name", "Organization", "Organisation", "Account", "Customer", "Display Name",
                "Organization Name", "Organisation Name"]),
            ("domain", ["Website", "Company Domain Name", "Domain", "Web Site", "URL"]),
            ("industry", ["Industry", "Sector"]),
            ("sub_industry", ["Sub Industry", "Sub-Industry", "Subindustry", "SIC Description"]),
            ("employees", ["Employees", "Number of Employees", "NumberOfEmployees", "No. of Employees", "Employee Count", "Headcount", "# Employees", "Employee Range", "Employees Range", "Company Size"]),
            ("annual_revenue", ["Annual Revenue", "AnnualRevenue", "Revenue", "Revenue Range", "Annual Revenue Range", "Estimated Revenue"]),
            ("country", ["Billing Country", "BillingCountry", "Country/Region", "Country", "Address 1: Country/Region", "Address 1: Country", "Shipping Country", "Billing Address Country"]),
            ("region", ["Region", "Sales Region", "Geo"]),
            ("state", ["Billing State/Province", "BillingState", "State/Region", "State/Province", "State", "Province", "Address 1: State/Province", "Billing Address State"]),
            ("city", ["Billing City", "BillingCity", "City", "Town", "Address 1: City", "Billing Address City"]),
            ("postal_code", ["Billing Zip/Postal Code", "BillingPostalCode", "Postal Code", "Zip", "Zip Code", "Postcode", "Address 1: ZIP/Postal Code", "Billing Address Postcode", "Billing Address Postal Code"]),
            ("latitude", ["Billing Latitude", "BillingLatitude", "Latitude", "Lat"]),
            ("longitude", ["Billing Longitude", "BillingLongitude", "Longitude", "Lng", "Lon"]),
            ("parent_account_id", ["Parent Account ID", "ParentId", "Parent Company ID", "Parent Account", "Subsidiary Of"]),
            ("owner_rep_id", ["Account Owner", "Account Owner ID", "OwnerId", "Company owner", "Owner ID", "Owner", "Salesperson", "Sales Person", "Sales Rep",
                "Account Manager", "Assigned To", "Sales Owner", "Record Owner"]),
            ("created_at", ["Created Date", "CreatedDate", "Create Date", "Created Time", "Created", "Date Created", "Created at", "Created On", "Creation Date",
                "Date Entered"])),
        ["contacts"] = Map(
            // A Salesforce contact report names the account ("Account Name") unless an id column is added: read as ids by name.
            ("contact_id", ["Contact ID", "Id", "Record ID", "Contact Id", "(Do Not Modify) Contact"]),
            ("account_id", ["Account ID", "AccountId", "Associated Company ID", "Company ID", "Company ID (Primary)", "Associated Company IDs (Primary)", "Associated Company IDs",
                "Account Name", "Account", "Company Name", "Company", "Related Company", "Associated Company (Primary)", "Associated Company"]),
            ("title", ["Title", "Job Title", "Job Position"]),
            ("department", ["Department"]),
            ("seniority", ["Seniority", "Level", "Job Level"]),
            ("buying_role", ["Buying Role", "Contact Role", "Buying Role(s)", "Role"]),
            ("email", ["Email", "Email Address", "E-mail"]),
            ("last_activity_at", ["Last Activity", "Last Activity Date", "LastActivityDate"])),
        ["products"] = Map(
            ("product_id", ["Product ID", "Product Code", "ProductCode", "SKU", "Id", "Record ID", "Internal Reference"]),
            ("name", ["Product Name", "Name", "Product", "Product/Service", "Item Name", "Item", "Description", "Item Description"]),
            ("family", ["Product Family", "Family", "Category", "Product Line", "Series", "Product Series", "Product Category"]),
            ("list_price", ["List Price", "ListPrice", "Unit Price", "Price", "Sales Price"])),
        ["orders"] = Map(
            ("order_id", ["Order ID", "Order Number", "OrderNumber", "Order No", "Invoice ID", "Invoice Number", "Invoice No", "InvoiceNo", "Sales Order ID", "Sales Order Number", "Invoice",
                "Transaction ID", "Transaction Number", "Document Number", "Doc Number", "Num", "Order Reference", "Order Ref", "Reference", "Order"]),
            // A ledger (QuickBooks, an ERP's sales report) may name customers and products by name only: read as ids by name.
            ("account_id", ["Account ID", "AccountId", "Customer ID", "Company ID", "Account Name", "Customer Name", "Company Name", "Account", "Customer", "Company",
                "Billing Company", "Contact Name"]),
            ("product_id", ["Product ID", "Product2Id", "Product Code", "ProductCode", "SKU", "Stock Code", "StockCode", "Item Code", "Item Number", "Item ID", "Inventory Item Code",
                "Product/Service", "Product Name", "Product", "Item Name", "Item"]),
            ("order_date", ["Order Date", "OrderDate", "Invoice Date", "Date", "Effective Date", "Purchase Date", "Order Purchase Timestamp", "Order Timestamp", "Order Time", "Created at"]),
            ("amount", ["Amount", "Total Price", "TotalPrice", "Line Amount", "Line Total", "Net Amount", "Revenue", "Sales", "Line Subtotal", "Price Subtotal",
                "Untaxed Amount"]),
            ("quantity", ["Quantity", "Qty", "Units", "Order Qty", "Quantity Ordered"]),
            ("discount", ["Discount"]),
            ("rep_id", ["Rep ID", "Owner ID", "OwnerId", "Sales Rep", "Order Owner", "Employee ID", "Sales Person ID", "Salesperson ID", "Salesperson", "Sales Person"]),
            ("channel", ["Channel", "Sales Channel"])),
        ["opportunities"] = Map(
            // Pipedrive names a deal's account "Organization" and Dynamics "Potential Customer": names, read as ids by name.
            ("opportunity_id", ["Opportunity ID", "Deal ID", "Record ID", "Id", "(Do Not Modify) Opportunity"]),
            ("account_id", ["Account ID", "AccountId", "Associated Company ID", "Company ID", "Associated Company IDs (Primary)", "Associated Company IDs",
                "Organization ID", "Account", "Account Name", "Potential Customer", "Organization", "Customer", "Customer Name", "Company", "Company Name",
                "Associated Company (Primary)", "Associated Company"]),
            ("product_id", ["Product ID", "Product2Id", "Product Code", "ProductCode", "Product"]),
            ("created_at", ["Created Date", "CreatedDate", "Create Date", "Created Time", "Engage Date", "Created On", "Deal created", "Date Created", "Created at",
                "Creation Date", "Date Entered"]),
            // Expected / estimated close dates are forecasts, not closings: they stay custom attributes.
            ("closed_at", ["Close Date", "CloseDate", "Closed Date", "Closing Date", "Actual Close Date", "Deal closed on"]),
            ("stage", ["Stage", "StageName", "Deal Stage", "Pipeline Phase", "Sales Stage", "Current Stage", "Pipeline Stage"]),
            // Insightly's Bid Amount is per Bid Type's unit (per hour, per month...): see BidTimesDuration.
            ("amount", ["Amount", "Deal Amount", "Close Value", "Value", "Est. Revenue", "Opportunity Value", "Deal Value", "Bid Amount"]),
            ("won", ["Won", "IsWon", "Closed Won"]),
            ("lost_reason", ["Lost Reason", "Loss Reason", "Closed Lost Reason"]),
            ("competitor", ["Competitor", "Main Competitor", "Primary Competitor"]),
            ("rep_id", ["Opportunity Owner", "OwnerId", "Owner ID", "Deal owner", "Rep ID", "Sales Agent", "Owner", "Salesperson", "Sales Person", "Sales Rep",
                "Sales Owner", "Assigned To", "Record Owner"])),
        ["touchpoints"] = Map(
            ("event_id", ["Event ID", "Activity ID", "Task ID", "Engagement ID", "Record ID", "Id"]),
            // An activity report names the account ("Company / Account" in Salesforce's): read as its id by name.
            ("account_id", ["Account ID", "AccountId", "Company ID", "Associated Company ID", "Associated Company IDs (Primary)", "Associated Company IDs",
                "Company / Account", "Account Name", "Company Name"]),
            ("occurred_at", [.. TimeHeaders]),
            ("channel", ["Channel", "Activity Type", "Type"]),
            ("kind", ["Kind", "Subject", "Task Subtype"]),
            ("direction", ["Direction", "Call Direction", "Email Direction", "Call Type", "CallType"]),
            ("contact_id", ["Contact ID", "WhoId", "Associated Contact ID", "Associated Contact IDs (Primary)", "Associated Contact IDs"]),
            ("outcome", ["Outcome", "Call Result", "Result", "Call Outcome", "Call Disposition"])),
        ["reps"] = Map(
            ("rep_id", ["Rep ID", "User ID", "Id", "Owner ID", "Employee ID", "Employee Number", "Sales Person ID", "Salesperson ID"]),
            ("name", ["Rep Name", "Full Name", "Name", "User Name", "Sales Agent"]),
            ("role", ["Role", "Sales Role", "Rep Role"]),
            ("region", ["Region", "Sales Region", "Regional Office"]),
            ("manager_id", ["Manager ID", "ManagerId", "Manager", "Reports To"]),
            ("capacity_accounts", ["Capacity", "Capacity Accounts", "Account Capacity"]),
            ("annual_cost", ["Annual Cost", "Cost", "Fully Loaded Cost"])),
        ["territories"] = Map(
            ("territory_id", ["Territory ID", "Id"]),
            ("name", ["Territory Name", "Name", "Territory"]),
            ("region", ["Region"]),
            ("rep_id", ["Rep ID", "Owner ID", "Territory Owner"])),
        ["territory_accounts"] = Map(
            ("territory_id", ["Territory ID", "Territory"]),
            ("account_id", ["Account ID", "AccountId"])),
        ["competitors"] = Map(
            ("account_id", ["Account ID", "AccountId"]),
            ("competitor", ["Competitor", "Competitor Name", "Vendor"]),
            ("product_family", ["Product Family", "Family"]),
            ("contract_end", ["Contract End", "Contract End Date", "Renewal Date"]),
            ("share_estimate", ["Share Estimate", "Share", "Wallet Share"])),
    };

    /// <summary>Symbols exports write for a currency in a header such as "Amount ($)".</summary>
    private static readonly Dictionary<string, string> CurrencySymbols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["USD"] = "$", ["EUR"] = "€", ["GBP"] = "£", ["JPY"] = "¥", ["INR"] = "₹", ["CHF"] = "Fr.",
    };

    /// <summary>
    /// Maps the headers of a file bound for <paramref name="table"/>. A header naming the workspace's
    /// <paramref name="currency"/> in brackets ("Annual Revenue (USD)", "Amount [$]") maps as the header without it;
    /// another currency stays a custom attribute, since its amounts are not in the workspace's currency.
    /// </summary>
    /// <remarks>
    /// Exports often carry two headers for one thing ("Account Name" and "Company name", "Associated Company IDs" and its
    /// "(Primary)"). The closer name takes the column: the user's map, then the canonical name, then the built-in names in
    /// their order; the other header is kept as a custom attribute, and <paramref name="notes"/> says so. Only two headers
    /// the user's map sends to one column are an error.
    /// </remarks>
    /// <exception cref="BadInputException">Two headers the user's map names map to the same column.</exception>
    public static IReadOnlyList<MappedColumn> MapHeaders(TableSpec table, IReadOnlyList<string> headers,
        IReadOnlyDictionary<string, string>? userMap, string file, string? currency = null, ICollection<string>? notes = null)
    {
        var user = (userMap ?? new Dictionary<string, string>())
            .ToDictionary(kv => Normalise(kv.Key), kv => kv.Value);
        var builtIn = BuiltIn.GetValueOrDefault(table.Name) ?? [];
        var canonical = table.Columns.ToDictionary(c => Normalise(c.Name), c => c.Name);

        // Each header's column and how closely its name fits (lower is closer).
        (string Column, int Rank)? Target(string header)
        {
            var key = Normalise(header);
            var bare = WithoutCurrency(header, currency);
            return user.TryGetValue(key, out var mappedByUser) ? (mappedByUser == UnitPriceTarget ? null : (mappedByUser, UserRank))
                : canonical.TryGetValue(key, out var name) ? (name, CanonicalRank)
                : builtIn.TryGetValue(key, out var known) ? known
                : bare is not null && canonical.TryGetValue(bare, out var bareName) ? (bareName, CanonicalRank + CurrencyRank)
                : bare is not null && builtIn.TryGetValue(bare, out var bareKnown) ? (bareKnown.Column, bareKnown.Rank + CurrencyRank)
                : WithoutRecordPrefix(table.Name, header) is { } field ? Target(field)
                : FieldOfPath(header) is { } path && path.Field.Length < header.Length && (!path.OfLines || LinesDescribe(table.Name))
                    ? (path.OfLines ? BuiltInLine(path.Field) : null) ?? Target(path.Field)
                : null;
        }

        // A line's field under its line name ("Subtotal" of a line is "Line Subtotal"), looked up without the fallbacks above.
        (string Column, int Rank)? BuiltInLine(string field) => builtIn.TryGetValue(Normalise("Line " + field), out var line) ? line : null;

        bool IsNumeric(string column) => table.Column(column)?.Type is ColumnType.Number or ColumnType.Integer;

        var targets = new (string Column, int Rank)?[headers.Count];
        var scales = new HeaderScale?[headers.Count];
        for (var i = 0; i < headers.Count; i++)
        {
            targets[i] = Target(headers[i]);

            // The user's map may name the unit with the column ("annual_revenue (millions)"), a header after its name.
            if (targets[i] is { Rank: UserRank } mapped && table.Column(mapped.Column) is null && HeaderScale.Of(mapped.Column) is { } userScale
                && table.Column(userScale.Base) is not null && IsNumeric(userScale.Base))
            {
                targets[i] = (userScale.Base, UserRank);
                scales[i] = userScale;
            }
            else if (targets[i] is null && HeaderScale.Of(headers[i]) is { } scale && Target(scale.Base) is { } scaled && IsNumeric(scaled.Column))
            {
                targets[i] = (scaled.Column, scaled.Rank + CurrencyRank);
                scales[i] = scale;
            }
        }

        // A shop's orders export names each order ("#1001") in "Name", beside its lines' fields ("Lineitem quantity"): the order's id.
        if (table.Name == "orders" && !targets.Any(t => t?.Column == "order_id") && headers.Any(h => FieldOfPath(h) is { OfLines: true })
            && headers.Select((h, i) => (h, i)).FirstOrDefault(x => Normalise(x.h) == "name" && targets[x.i] is null) is ({ } orderName, var at))
        {
            targets[at] = ("order_id", CanonicalRank + CurrencyRank);
            notes?.Add($"{file}: '{orderName}' beside the lines' fields is each order's name (as a shop's orders export writes it): read as order_id");
        }

        // An accounting package's transaction list (QuickBooks' Transaction Detail, a NetSuite search) names the customer in
        // "Name" beside its own document number: the account, by name.
        if (table.Name == "orders" && targets.Any(t => t?.Column == "order_id") && !targets.Any(t => t?.Column == "account_id")
            && headers.Select((h, i) => (h, i)).FirstOrDefault(x => Normalise(x.h) == "name" && targets[x.i] is null) is ({ } customerName, var named))
        {
            targets[named] = ("account_id", CanonicalRank + CurrencyRank);
            notes?.Add($"{file}: '{customerName}' beside the order's own number names its customer (as a transaction list writes it): read as account_id");
        }

        var result = new List<MappedColumn>(headers.Count);
        for (var i = 0; i < headers.Count; i++)
        {
            if (targets[i] is not { } target)
            {
                result.Add(new MappedColumn(headers[i], i, SnakeCase(headers[i], i), IsCustom: true));
                continue;
            }

            var rivals = Enumerable.Range(0, headers.Count).Where(j => j != i && targets[j]?.Column == target.Column).ToList();
            var closer = rivals.Where(j => targets[j]!.Value.Rank < target.Rank || (targets[j]!.Value.Rank == target.Rank && j < i)).ToList();
            if (closer.Count == 0)
            {
                var fallbacks = FallsBack(table.Name, target.Column) ? rivals.OrderBy(j => (targets[j]!.Value.Rank, j)).ToList() : [];
                result.Add(new MappedColumn(headers[i], i, target.Column, IsCustom: false, scales[i]?.Scale ?? 1,
                    fallbacks.Count == 0 ? null : [.. fallbacks.Select(j => (headers[j], j))]));
                if (fallbacks.Count > 0)
                {
                    notes?.Add(FallbackNote(file, target.Column, headers[i], [.. fallbacks.Select(j => headers[j])]));
                }

                if (scales[i] is { } unit)
                {
                    notes?.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{file}: '{headers[i]}' gives {target.Column} in {unit.Words}: each value was multiplied by {unit.Scale:N0} (2.5 is {2.5 * unit.Scale:N0})"));
                }

                continue;
            }

            var taken = closer.MinBy(j => (targets[j]!.Value.Rank, j));
            if (target.Rank == UserRank)
            {
                throw new BadInputException(new Diagnostic(file, 1, null, null,
                    $"headers '{headers[taken]}' and '{headers[i]}' both map to column '{target.Column}' in sightline.yaml (column_maps.{table.Name}); map one of them only"));
            }

            result.Add(new MappedColumn(headers[i], i, SnakeCase(headers[i], i), IsCustom: true));
            if (FallsBack(table.Name, target.Column))
            {
                continue; // told once, with the header read first
            }

            notes?.Add($"{file}: headers '{headers[taken]}' and '{headers[i]}' both name column '{target.Column}'; '{headers[taken]}' is read as it "
                + $"(the closer name) and '{headers[i]}' is kept as a custom attribute; to read the other, map it in sightline.yaml (column_maps.{table.Name})");
        }

        // Custom names must not collide with each other or with canonical columns.
        var used = new HashSet<string>(table.Columns.Select(c => c.Name));
        for (var i = 0; i < result.Count; i++)
        {
            if (!result[i].IsCustom)
            {
                continue;
            }

            var name = result[i].Column;
            if (used.Contains(name))
            {
                name = "x_" + name;
                for (var n = 2; used.Contains(name); n++)
                {
                    name = $"x_{result[i].Column}_{n}";
                }
            }

            used.Add(name);
            result[i] = result[i] with { Column = name };
        }

        return result;
    }

    /// <summary>
    /// Whether two headers naming <paramref name="column"/> are read together: the closer one, and on a row where it is blank
    /// the next with a value. A touch's time is one: Salesforce's COMPLETEDDATETIME (added in 2020) is blank on older closed
    /// tasks, where ACTIVITYDATE holds the day, and an all-day event has an ACTIVITYDATE but no ACTIVITYDATETIME.
    /// </summary>
    public static bool FallsBack(string table, string column) => FallbackColumns.Contains((table, column));

    private static readonly HashSet<(string Table, string Column)> FallbackColumns = [("touchpoints", "occurred_at")];

    private static string FallbackNote(string file, string column, string first, IReadOnlyList<string> others)
    {
        static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
        var all = $"{Quoted([first, .. others.Take(others.Count - 1)])} and '{others[^1]}'";
        var next = others.Count == 1 ? $"'{others[0]}'" : "the next of them with a value, in that order";
        var kept = others.Count == 1 ? $"'{others[0]}' is also kept as a custom attribute"
            : $"{Quoted(others.Take(others.Count - 1))} and '{others[^1]}' are also kept as custom attributes";
        return $"{file}: headers {all} {(others.Count == 1 ? "both" : "all")} name column '{column}'; '{first}' is read as it (the closer name) "
            + $"and, on a row where it is blank, {next}; {kept}";
    }

    /// <summary>
    /// The header without the record type Pipedrive writes before each field ("Deal - Status" in a deals export is "Status"),
    /// or the record's noun a data set writes before it ("customer_city" in a customers file is "city"), when that type is
    /// the table's own; null otherwise ("Organization - Name" in a deals export is another record's field). Read only for a
    /// header that maps to nothing as it is.
    /// </summary>
    public static string? WithoutRecordPrefix(string table, string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var match = RecordPrefix().Match(header);
        if (match.Success)
        {
            return RecordTypes.TryGetValue(match.Groups[1].Value, out var owner) && owner == table ? match.Groups[2].Value : null;
        }

        // A data set's columns named after their record ("customer_city", "customer_state" in a customers file, as Olist's).
        var noun = NounPrefix().Match(header);
        return noun.Success && RecordNouns.TryGetValue(noun.Groups[1].Value, out var nounOwner) && nounOwner == table ? noun.Groups[2].Value : null;
    }

    /// <summary>
    /// The field of a header written as a path through related records ("Order Lines/Product", "Customer/Name", as Odoo exports
    /// a record with its lines) or named for its line ("Lineitem quantity", "Line Item: SKU", as shops export an order's
    /// lines): the last step, and whether the path goes through lines (so "Subtotal" is the line's). Null for a header
    /// without either. Tried only where the whole header maps to nothing ("Product/Service" maps whole).
    /// </summary>
    public static (string Field, bool OfLines)? FieldOfPath(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (LineItemPrefix().Match(header) is { Success: true } line)
        {
            return (line.Groups[1].Value.Trim(), true);
        }

        var slash = header.LastIndexOf('/');
        if (slash <= 0 || slash == header.Length - 1)
        {
            return null;
        }

        var field = header[(slash + 1)..].Trim();
        var path = header[..slash];
        return field.Length == 0 || path.Trim().Length == 0 ? null
            : (field, path.Contains("line", StringComparison.OrdinalIgnoreCase) || path.Contains("item", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// True for the tables a line's fields describe: the line itself (an order line, a deal's line) and its product. A
    /// line's "Lineitem name" is its product's name, never its customer's, even where a customer is made from the same file.
    /// </summary>
    private static bool LinesDescribe(string table) => table is "orders" or "products" or "opportunities";

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(?:line\s*items?|line)\s*[:_/-]?\s+(\S.*)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex LineItemPrefix();

    private static readonly Dictionary<string, string> RecordNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["customer"] = "accounts", ["account"] = "accounts", ["company"] = "accounts", ["client"] = "accounts", ["product"] = "products",
        ["contact"] = "contacts", ["deal"] = "opportunities", ["opportunity"] = "opportunities",
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*([A-Za-z]+)[_ ]+(\S.*)$")]
    private static partial System.Text.RegularExpressions.Regex NounPrefix();

    private static readonly Dictionary<string, string> RecordTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Deal"] = "opportunities", ["Organization"] = "accounts", ["Person"] = "contacts", ["Product"] = "products", ["Activity"] = "touchpoints",
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(\w+)\s+-\s+(\S.*)$")]
    private static partial System.Text.RegularExpressions.Regex RecordPrefix();

    /// <summary>
    /// Whether the header is a column Dynamics 365 adds to an export for its own re-import ("(Do Not Modify) Row Checksum",
    /// "(Do Not Modify) Modified On"): bookkeeping, not data, unless it maps to a column (the record's id).
    /// </summary>
    public static bool IsDynamicsBookkeeping(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return header.TrimStart().StartsWith("(Do Not Modify)", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The normalised header without a trailing "(USD)" or "[$]" naming <paramref name="currency"/>, or null.</summary>
    private static string? WithoutCurrency(string header, string? currency)
    {
        var match = System.Text.RegularExpressions.Regex.Match(header.Trim(), @"^(.+?)\s*[\(\[]\s*([^\)\]]+?)\s*[\)\]]$");
        if (currency is null || !match.Success)
        {
            return null;
        }

        var named = System.Text.RegularExpressions.Regex.Replace(match.Groups[2].Value, @"^in\s+", "", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var isWorkspaceCurrency = named.Equals(currency, StringComparison.OrdinalIgnoreCase)
            || (CurrencySymbols.TryGetValue(currency, out var symbol) && named == symbol);
        return isWorkspaceCurrency ? Normalise(match.Groups[1].Value) : null;
    }

    /// <summary>Lowercase letters and digits only: "Billing State/Province" → "billingstateprovince".</summary>
    public static string Normalise(string header)
    {
        var sb = new StringBuilder(header.Length);
        foreach (var ch in header)
        {
            if (char.IsLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// The normalised headers that map to a column of <paramref name="table"/> by name alone (its column names and the
    /// built-in names exports give them), so a value can be told to look like a header without mapping a whole row.
    /// </summary>
    public static IEnumerable<string> KnownHeaders(TableSpec table) =>
        table.Columns.Select(c => Normalise(c.Name)).Concat(BuiltIn.GetValueOrDefault(table.Name)?.Keys ?? Enumerable.Empty<string>());

    /// <summary>A safe snake_case identifier for a custom attribute: "Fiscal Year-End" → "fiscal_year_end".</summary>
    public static string SnakeCase(string header, int position)
    {
        var sb = new StringBuilder(header.Length);
        var pendingUnderscore = false;
        foreach (var ch in header.Trim())
        {
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                if (pendingUnderscore && sb.Length > 0)
                {
                    sb.Append('_');
                }

                sb.Append(ch);
                pendingUnderscore = false;
            }
            else if (ch is >= 'A' and <= 'Z')
            {
                if (pendingUnderscore && sb.Length > 0)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(ch));
                pendingUnderscore = false;
            }
            else
            {
                pendingUnderscore = true;
            }
        }

        if (sb.Length == 0)
        {
            return $"column_{position + 1}";
        }

        var name = sb.ToString();
        return char.IsDigit(name[0]) || SqlWords.Contains(name) ? "x_" + name : name;
    }

    /// <summary>
    /// DuckDB's keywords that cannot name a column unquoted (its reserved and type-or-function categories, from
    /// <c>duckdb_keywords()</c>): a header such as "Group", "Order" or "Left" becomes <c>x_group</c>, as a header starting
    /// with a digit does, so every query and segment rule can name it as it is.
    /// </summary>
    private static readonly FrozenSet<string> SqlWords = FrozenSet.ToFrozenSet([
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check", "collate", "column",
        "constraint", "create", "default", "deferrable", "desc", "describe", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
        "foreign", "from", "group", "having", "in", "initially", "intersect", "into", "lambda", "lateral", "leading", "limit", "not", "null",
        "offset", "on", "only", "or", "order", "pivot", "pivot_longer", "pivot_wider", "placing", "primary", "qualify", "references",
        "returning", "select", "show", "some", "summarize", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique",
        "unpivot", "using", "variadic", "when", "where", "window", "with",
        "anti", "asof", "at", "authorization", "binary", "by", "collation", "columns", "concurrently", "cross", "freeze", "full", "generated",
        "glob", "ilike", "inner", "is", "isnull", "join", "left", "like", "map", "natural", "notnull", "outer", "overlaps", "positional",
        "right", "semi", "similar", "struct", "tablesample", "try_cast", "unpack", "verbose",
    ], StringComparer.Ordinal);

    // How closely a header's name fits its column, for two headers naming one column: the user's map, the canonical name,
    // then the built-in names in list order; a name found only once a currency is stripped comes after every direct one.
    private const int UserRank = 0;

    /// <summary>
    /// What column_maps.orders may map a header to besides the table's columns: the price of one unit, from which each line's
    /// amount is computed when the file has no amount (its header kept as a custom attribute, as a built-in price name is).
    /// </summary>
    public const string UnitPriceTarget = "unit_price";
    private const int CanonicalRank = 1;
    private const int BuiltInRank = 2;
    private const int CurrencyRank = 1_000;

    private static Dictionary<string, (string Column, int Rank)> Map(params (string Column, string[] Headers)[] entries)
    {
        var map = new Dictionary<string, (string Column, int Rank)>();
        foreach (var (column, headers) in entries)
        {
            for (var k = 0; k < headers.Length; k++)
            {
                map.TryAdd(Normalise(headers[k]), (column, BuiltInRank + k));
            }
        }

        return map;
    }
}
