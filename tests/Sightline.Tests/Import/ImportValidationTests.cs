using Sightline.Import;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>Every import rule, each with a bad file and the exact message the user sees.</summary>
public sealed class ImportValidationTests : IDisposable
{
    private const string Products = "product_id,name,family,list_price\nP1,Widget,Core,100\nP2,Gadget,Core,50\n";
    private const string Accounts = "account_id,name,employees\nA1,Acme,100\nA2,Beta,20\n";
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private void LoadParents() => _ws.Import(null, ("products.csv", Products), ("accounts.csv", Accounts));

    private string OrdersError(string orderLines)
    {
        LoadParents();
        var error = _ws.ImportFails(null, ("orders.csv", "order_id,account_id,product_id,order_date,amount\n" + orderLines));
        return Assert.Single(error.Diagnostics).ToString();
    }

    [Theory]
    [InlineData("O1,A1,P1,2025-01-02,abc", "orders.csv:2: column 'amount' value 'abc': not a number (expected e.g. 1234.56, 1,234.56 or $1,234.56)")]
    [InlineData("O1,A1,P1,2025-01-02,12,5", "orders.csv:2: expected 5 fields but found 6")]
    [InlineData("O1,A1,P1,2025-13-45,10", "orders.csv:2: column 'order_date' value '2025-13-45': not a date (expected YYYY-MM-DD or MM/DD/YYYY)")]
    // DuckDB's special words: epoch is 1970-01-01 to its cast, but no CRM writes a date so.
    [InlineData("O1,A1,P1,epoch,10", "orders.csv:2: column 'order_date' value 'epoch': not a date (expected YYYY-MM-DD or MM/DD/YYYY)")]
    [InlineData("O1,A1,P1,EPOCH,10", "orders.csv:2: column 'order_date' value 'EPOCH': not a date (expected YYYY-MM-DD or MM/DD/YYYY)")]
    [InlineData("O1,A1,P1,,10", "orders.csv:2: column 'order_date': required value is missing; fill it in, or import with --lenient to load the other rows and set such rows aside in rejects")]
    [InlineData("O1,A9,P1,2025-01-02,10", "orders.csv:2: column 'account_id' value 'A9': no such account (not found in accounts.account_id)")]
    [InlineData("O1,A1,P9,2025-01-02,10", "orders.csv:2: column 'product_id' value 'P9': no such product (not found in products.product_id)")]
    [InlineData("O1,A1,P1,2026-12-01,10", "orders.csv:2: column 'order_date' value '2026-12-01': date is in the future (later than 2026-11-30, today plus 7 days' tolerance)")]
    // A card number or an id read as an amount: plans sum amounts as DECIMAL(18,2), which it would overflow.
    [InlineData("O1,A1,P1,2025-01-02,4111111111111111", "orders.csv:2: column 'amount' value '4111111111111111': is beyond any sale (10,000,000,000,000 or more); "
        + "check that this column holds money, not an id or a number of another kind")]
    [InlineData("O1,A1,P1,2025-01-02,-1e20", "orders.csv:2: column 'amount' value '-1e20': is beyond any sale (10,000,000,000,000 or more); "
        + "check that this column holds money, not an id or a number of another kind")]
    public void Orders_BadValue_ExactMessage(string line, string expected) => Assert.Equal(expected, OrdersError(line + "\n"));

    [Theory]
    [InlineData("1e23")]
    [InlineData("-10000000000000")]
    public void Orders_QuantityBeyondTheAmountsBound_IsRefused(string quantity)
    {
        LoadParents();
        var error = _ws.ImportFails(null, ("orders.csv", $"order_id,account_id,product_id,order_date,amount,quantity\nO1,A1,P1,2025-01-02,10,{quantity}\n"));
        Assert.Equal($"orders.csv:2: column 'quantity' value '{quantity}': is beyond any quantity sold (10,000,000,000,000 or more); "
            + "check that this column holds quantities, not an id or a number of another kind", Assert.Single(error.Diagnostics).ToString());

        _ws.Import(null, ("orders.csv", "order_id,account_id,product_id,order_date,amount,quantity\nO1,A1,P1,2025-01-02,10,9999999999999\n"));
        Assert.Equal(9_999_999_999_999.0, _ws.Rows("SELECT quantity FROM orders")[0][0]);
    }

    [Fact]
    public void Orders_DateWithinTolerance_Loads()
    {
        LoadParents();
        _ws.Import(null, ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2026-11-30,10\n"));
        Assert.Equal(1, _ws.Count("SELECT count(*) FROM orders"));
    }

    [Fact]
    public void Orders_RepeatedLineWithAnotherDateAfterQuotedNewline_ReportsPhysicalLines()
    {
        LoadParents();
        var error = _ws.ImportFails(null, ("orders.csv",
            "order_id,account_id,product_id,order_date,amount,channel\n" +
            "O1,A1,P1,2025-01-02,10,\"web\nshop\"\n" +
            "O2,A1,P1,2025-01-02,10,direct\n" +
            "O1,A1,P1,2025-01-03,11,direct\n"));
        Assert.Equal("orders.csv:5: column 'order_date' value '2025-01-03': order O1, product P1 is on an earlier line with another order_date: expected 2025-01-02 "
            + "(repeated lines of one order's product are combined into one row, so they must have the same account_id and order_date); first seen on line 2",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void Accounts_MissingRequiredColumn_NamesItAndTheHeadersSeen()
    {
        // Accounts with names of their own: a file without names would leave its new accounts nameless, so it is refused.
        // (In a workspace without names, ids stand for names: OrderHeaderImportTests.OlistShapedDataSet_….)
        _ws.Import(null, ("accounts.csv", "account_id,name\nA0,Zeta\n"));
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,industry\nA1,Retail\n"));
        Assert.Equal("accounts.csv:1: missing required column 'name' (no header maps to it; headers seen: account_id, industry)",
            Assert.Single(error.Diagnostics).ToString());

        // Lenient sets bad rows aside; a file no row of which can load is no row problem: it stops the import too (it used
        // to reject every row and exit 0), and the good file beside it is not loaded either.
        var lenient = _ws.ImportFails(new ImportOptions(Lenient: true), ("reps.csv", "rep_id,name,role\nR1,Ann,field\n"), ("accounts.csv", "account_id,industry\nA1,Retail\n"));
        Assert.Equal("accounts.csv:1: missing required column 'name' (no header maps to it; headers seen: account_id, industry)",
            Assert.Single(lenient.Diagnostics).ToString());
        Assert.Equal(0L, _ws.Count("SELECT count(*) FROM reps") + _ws.Count("SELECT count(*) FROM rejects"));
        Assert.Equal(["A0"], _ws.Workspace.Strings("SELECT account_id FROM accounts"));
    }

    [Theory]
    [InlineData("employees", "-5", "accounts.csv:2: column 'employees' value '-5': must not be negative")]
    [InlineData("employees", "12.5", "accounts.csv:2: column 'employees' value '12.5': not a whole number")]
    [InlineData("employees", "99999999999999999999", "accounts.csv:2: column 'employees' value '99999999999999999999': too large for a whole number (expected one between -9,000,000,000,000,000,000 and 9,000,000,000,000,000,000)")]
    [InlineData("employees", "1e+300", "accounts.csv:2: column 'employees' value '1e+300': too large for a whole number (expected one between -9,000,000,000,000,000,000 and 9,000,000,000,000,000,000)")]
    [InlineData("employees", "9000000000000000000", "accounts.csv:2: column 'employees' value '9000000000000000000': too large for a whole number (expected one between -9,000,000,000,000,000,000 and 9,000,000,000,000,000,000)")]
    [InlineData("employees", "9223372036854775807", "accounts.csv:2: column 'employees' value '9223372036854775807': too large for a whole number (expected one between -9,000,000,000,000,000,000 and 9,000,000,000,000,000,000)")]
    [InlineData("employees", "9007199254740993.5", "accounts.csv:2: column 'employees' value '9007199254740993.5': not a whole number")]
    [InlineData("employees", "50%", "accounts.csv:2: column 'employees' value '50%': not a whole number: a percentage is read as a fraction of one (50% is 0.5, 200% is 2)")]
    [InlineData("employees", "123456789012345678901%", "accounts.csv:2: column 'employees' value '123456789012345678901%': not a whole number: a percentage is read as a fraction of one (50% is 0.5, 200% is 2)")]
    [InlineData("employees", "900,000,000,000,000,000,000%", "accounts.csv:2: column 'employees' value '900,000,000,000,000,000,000%': too large for a whole number (expected one between -9,000,000,000,000,000,000 and 9,000,000,000,000,000,000)")]
    [InlineData("employees", "100000000000000000000000000000%", "accounts.csv:2: column 'employees' value '100000000000000000000000000000%': too large for a whole number (expected one between -9,000,000,000,000,000,000 and 9,000,000,000,000,000,000)")]
    [InlineData("employees", "1e30%", "accounts.csv:2: column 'employees' value '1e30%': not a whole number")]
    [InlineData("employees", "1.200", "accounts.csv:2: column 'employees' value '1.200': not a whole number as this workspace reads numbers (the dot is the decimal mark, so 1.200 is 1.2); it looks written with a dot between thousands: if the file writes 1.200 for 1200, set number_format: decimal_comma under import: in sightline.yaml")]
    [InlineData("employees", "2.000", "accounts.csv:2: column 'employees' value '2.000': ambiguous whole number: this workspace reads the dot as the decimal mark (so 1.000 is 1), but it looks written with a dot between thousands: if the file writes 1.200 for 1200, set number_format: decimal_comma under import: in sightline.yaml; if it means the small number, write it without the dot and zeros")]
    [InlineData("latitude", "91", "accounts.csv:2: column 'latitude' value '91': must be between -90 and 90")]
    [InlineData("annual_revenue", "1.234,5", "accounts.csv:2: column 'annual_revenue' value '1.234,5': not a number with a decimal point as this workspace reads them (e.g. 1,234.56); it is written with a decimal comma: if the file writes 1.234,56, set number_format: decimal_comma under import: in sightline.yaml")]
    [InlineData("annual_revenue", "€ 3.000.000", "accounts.csv:2: column 'annual_revenue' value '€ 3.000.000': not a number with a decimal point as this workspace reads them (e.g. 1,234.56); it is written with a decimal comma: if the file writes 1.234,56, set number_format: decimal_comma under import: in sightline.yaml")]
    [InlineData("annual_revenue", "1.234,56 EUR", "accounts.csv:2: column 'annual_revenue' value '1.234,56 EUR': not a number with a decimal point as this workspace reads them (e.g. 1,234.56); it is written with a decimal comma: if the file writes 1.234,56, set number_format: decimal_comma under import: in sightline.yaml")]
    // Thousands grouped by spaces, as French formatting writes them: until 2026-12-07 only "not a number".
    [InlineData("annual_revenue", "1 234,56 EUR", "accounts.csv:2: column 'annual_revenue' value '1 234,56 EUR': not a number with a decimal point as this workspace reads them (e.g. 1,234.56); it is written with a decimal comma: if the file writes 1.234,56, set number_format: decimal_comma under import: in sightline.yaml")]
    [InlineData("annual_revenue", "12\u202F345,5", "accounts.csv:2: column 'annual_revenue' value '12\u202F345,5': not a number with a decimal point as this workspace reads them (e.g. 1,234.56); it is written with a decimal comma: if the file writes 1.234,56, set number_format: decimal_comma under import: in sightline.yaml")]
    [InlineData("annual_revenue", "12,5", "accounts.csv:2: column 'annual_revenue' value '12,5': not a number with a decimal point as this workspace reads them (e.g. 1,234.56); it is written with a decimal comma: if the file writes 1.234,56, set number_format: decimal_comma under import: in sightline.yaml")]
    [InlineData("annual_revenue", "12,5k", "accounts.csv:2: column 'annual_revenue' value '12,5k': not a number (expected e.g. 1234.56, 1,234.56 or $1,234.56)")]
    // DuckDB's cast takes underscores between digits; no export writes a number so, and 12_5 loaded as 125.
    [InlineData("annual_revenue", "12_5", "accounts.csv:2: column 'annual_revenue' value '12_5': not a number (expected e.g. 1234.56, 1,234.56 or $1,234.56)")]
    [InlineData("employees", "1_000", "accounts.csv:2: column 'employees' value '1_000': not a whole number")]
    [InlineData("created_at", "31/12/2024", "accounts.csv:2: column 'created_at' value '31/12/2024': not a date with the month first as this workspace reads them (e.g. 3/14/2025); it is written with the day first: if the file writes 14/3/2025, set date_order: dmy under import: in sightline.yaml")]
    [InlineData("created_at", "31/12/2024 10:30", "accounts.csv:2: column 'created_at' value '31/12/2024 10:30': not a date with the month first as this workspace reads them (e.g. 3/14/2025); it is written with the day first: if the file writes 14/3/2025, set date_order: dmy under import: in sightline.yaml")]
    [InlineData("created_at", "31/31/2024", "accounts.csv:2: column 'created_at' value '31/31/2024': not a date (expected YYYY-MM-DD or MM/DD/YYYY)")]
    public void Accounts_BadValue_ExactMessage(string column, string value, string expected)
    {
        var error = _ws.ImportFails(null, ("accounts.csv", $"account_id,name,{column}\nA1,Acme,\"{value}\"\n"));
        Assert.Equal(expected, Assert.Single(error.Diagnostics).ToString());
    }

    private const string ScientificId = "is a number in scientific notation, as Excel shows a long numeric id: the digits after the first few are lost, so ids that differed "
        + "look alike now; format the column as Text in the spreadsheet (or export again from the CRM without opening the file in Excel) and import the full ids";

    [Fact]
    public void Ids_ExcelTurnedIntoScientificNotation_AreRefusedAsKeysAndReferences_NotLoadedAsIdsOfTheirOwn()
    {
        // Until 2026-12-07 both loaded: 1.23457E+11 as an account of its own, two such accounts as one repeated key.
        var keys = _ws.ImportFails(null, ("accounts.csv", "account_id,name\n1.23457E+11,Acme\n\"1,23457E+11\",Beta\n123456789012,Core\n"));
        Assert.Equal(
            [$"accounts.csv:2: column 'account_id' value '1.23457E+11': {ScientificId}", $"accounts.csv:3: column 'account_id' value '1,23457E+11': {ScientificId}"],
            keys.Diagnostics.Select(d => d.ToString()));

        Assert.Equal($"orders.csv:2: column 'account_id' value '9.87654E+11': {ScientificId}", OrdersError("O1,9.87654E+11,P1,2025-01-02,10\n"));
    }

    [Theory]
    [InlineData("1E+11")]
    [InlineData("1.2345678901234567E+19")]
    [InlineData("4.5e+12")]
    public void Ids_InEveryScientificFormExcelWrites_AreRefused(string id)
    {
        var error = _ws.ImportFails(null, ("products.csv", $"product_id,name\n{id},Widget\n"));
        Assert.Equal($"products.csv:2: column 'product_id' value '{id}': {ScientificId}", Assert.Single(error.Diagnostics).ToString());
    }

    [Theory]
    [InlineData("SKU-1E+5")]
    [InlineData("12E+4X")]
    [InlineData("+4930123456")]
    public void Ids_HoldingAPlusThatIsNoExcelNumber_Load(string id)
    {
        _ws.Import(null, ("products.csv", $"product_id,name\n{id},Widget\n"));
        Assert.Equal(id, _ws.Text("SELECT product_id FROM products"));
    }

    [Fact]
    public void WholeNumbers_BeyondWhatADoubleHolds_AreStoredExactly()
    {
        // 2^53 + 1 and more: read through a DOUBLE they lost their last digit without a word (9007199254740993 was ...992).
        _ws.Import(null, ("accounts.csv", "account_id,name,employees\nA1,Acme,9007199254740993\nA2,Beta,\"9,007,199,254,740,995\"\n"
            + "A3,Core,9007199254740.993k\nA4,Delta,9.007199254740993e15\nA5,Echo,8999999999999999999\n"));
        Assert.Equal(["A1|9007199254740993", "A2|9007199254740995", "A3|9007199254740993", "A4|9007199254740993", "A5|8999999999999999999"],
            _ws.Lines("SELECT account_id, employees FROM accounts ORDER BY account_id"));
    }

    [Fact]
    public void WholeNumbers_WithThousandsSeparators_FollowTheLimitOfPlainDigits()
    {
        // 8,999,999,999,999,999,999 reads as 9e18 in a DOUBLE, the limit itself: it was refused as too large while its plain
        // digits loaded.
        _ws.Import(null, ("accounts.csv", "account_id,name,employees\nA1,Acme,8999999999999999999\nA2,Beta,\"8,999,999,999,999,999,999\"\n"
            + "A3,Core,8 999 999 999 999 999 999\nA4,Delta,\"8,999,999,999,999,999.999k\"\n"));
        Assert.Equal(["A1|8999999999999999999", "A2|8999999999999999999", "A3|8999999999999999999", "A4|8999999999999999999"],
            _ws.Lines("SELECT account_id, employees FROM accounts ORDER BY account_id"));

        // From the limit up, with or without separators, it is too large; just below it with a fraction, no whole number.
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,employees\nB1,Acme,9000000000000000000\nB2,Beta,\"9,000,000,000,000,000,000\"\n"
            + "B3,Core,\"9,000,000,000,000,000,001\"\nB4,Delta,\"8,999,999,999,999,999,999.5\"\n"));
        const string TooLarge = "too large for a whole number (expected one between -9,000,000,000,000,000,000 and 9,000,000,000,000,000,000)";
        Assert.Equal([$"accounts.csv:2: column 'employees' value '9000000000000000000': {TooLarge}",
            $"accounts.csv:3: column 'employees' value '9,000,000,000,000,000,000': {TooLarge}",
            $"accounts.csv:4: column 'employees' value '9,000,000,000,000,000,001': {TooLarge}",
            "accounts.csv:5: column 'employees' value '8,999,999,999,999,999,999.5': not a whole number"], error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void WholeNumbers_WrittenAsPercentages_AreTheirFractions_ReadExactly()
    {
        // A percentage is its fraction, so 200% is 2; from 2^53 up it was divided in a DOUBLE and had no exact reading, so
        // 900719925474099300% (9007199254740993) was told "not a whole number".
        _ws.Import(null, ("accounts.csv", "account_id,name,employees\nA1,Acme,200%\nA2,Beta,900719925474099300%\nA3,Core,\"899,999,999,999,999,999,900 %\"\n"));
        Assert.Equal(["A1|2", "A2|9007199254740993", "A3|8999999999999999999"], _ws.Lines("SELECT account_id, employees FROM accounts ORDER BY account_id"));
    }

    [Fact]
    public void WholeNumbers_WithThousandsSeparators_AndAHeadersUnit_FollowTheLimitOfPlainDigits()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,Employees (000s)\nA1,Acme,\"8,999,999,999,999,999.999\"\nA2,Beta,8999999999999999.999\n"));
        Assert.Equal(["A1|8999999999999999999", "A2|8999999999999999999"], _ws.Lines("SELECT account_id, employees FROM accounts ORDER BY account_id"));

        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,Employees (000s)\nB1,Acme,\"9,000,000,000,000,000\"\nB2,Beta,9000000000000000\n"));
        const string TooLarge = "too large for a whole number once multiplied by 1,000 for the header's unit "
            + "(expected one between -9,000,000,000,000,000,000 and 9,000,000,000,000,000,000 after it)";
        Assert.Equal([$"accounts.csv:2: column 'employees' value '9,000,000,000,000,000': {TooLarge}", $"accounts.csv:3: column 'employees' value '9000000000000000': {TooLarge}"],
            error.Diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("", "-8,999,999,999,999,999,999", "-8999999999999999999")]
    [InlineData("", "(8,999,999,999,999,999,999)", "-8999999999999999999")]
    [InlineData("", "-9,000,000,000,000,000,000", "null")]
    [InlineData("", "-9,000,000,000,000,000,001", "null")]
    [InlineData("import:\n  number_format: decimal_comma\n", "8.999.999.999.999.999.999", "8999999999999999999")]
    [InlineData("import:\n  number_format: decimal_comma\n", "-8.999.999.999.999.999.999", "-8999999999999999999")]
    [InlineData("import:\n  number_format: decimal_comma\n", "9.000.000.000.000.000.000", "null")]
    public void WholeNumbers_WithThousandsSeparatorsAtTheLimit_AreReadAsTheirPlainDigits(string yaml, string text, string read)
    {
        using var ws = new TestWorkspace(yaml);
        ValueParsing.CreateMacros(ws.Workspace);
        Assert.Equal(read, ws.Text($"SELECT coalesce(CAST(sl_int({Sql.Literal(text)}) AS VARCHAR), 'null')"));
    }

    [Theory]
    [InlineData("-9007199254740993", "-9007199254740993")]
    [InlineData("(9,007,199,254,740,993)", "-9007199254740993")]
    [InlineData("-8999999999999999999", "-8999999999999999999")]
    [InlineData("-9000000000000000000", "null")]
    [InlineData("-9223372036854775808", "null")]
    [InlineData("1.5", "null")]
    public void WholeNumbers_Negative_AreReadExactlyOrNotAtAll(string text, string read)
    {
        ValueParsing.CreateMacros(_ws.Workspace);
        Assert.Equal(read, _ws.Text($"SELECT coalesce(CAST(sl_int({Sql.Literal(text)}) AS VARCHAR), 'null')"));
    }

    [Theory]
    [InlineData("Employees (000s)", "99999999999999999", "accounts.csv:2: column 'employees' value '99999999999999999': too large for a whole number once multiplied by 1,000 for the header's unit (expected one between -9,000,000,000,000,000,000 and 9,000,000,000,000,000,000 after it)")]
    [InlineData("Employees (000s)", "1e300", "accounts.csv:2: column 'employees' value '1e300': too large for a whole number once multiplied by 1,000 for the header's unit (expected one between -9,000,000,000,000,000,000 and 9,000,000,000,000,000,000 after it)")]
    [InlineData("Employees (in thousands)", "-99999999999999999", "accounts.csv:2: column 'employees' value '-99999999999999999': too large for a whole number once multiplied by 1,000 for the header's unit (expected one between -9,000,000,000,000,000,000 and 9,000,000,000,000,000,000 after it)")]
    [InlineData("Revenue ($M)", "1e303", "accounts.csv:2: column 'annual_revenue' value '1e303': too large a number once multiplied by 1,000,000 for the header's unit (expected one below 1.7e308 in size after it)")]
    [InlineData("Annual Revenue (in thousands)", "1.5e306", "accounts.csv:2: column 'annual_revenue' value '1.5e306': too large a number once multiplied by 1,000 for the header's unit (expected one below 1.7e308 in size after it)")]
    public void HeaderNamingItsUnit_ValueTooLargeOnceMultiplied_ExactMessage_AndNothingLoads(string header, string value, string expected)
    {
        var error = _ws.ImportFails(null, ("accounts.csv", $"account_id,name,{header}\nA1,Acme,\"{value}\"\nA2,Beta,1\n"));
        Assert.Equal(expected, Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(0L, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void NumberWithAMagnitude_BeyondADecimal_ReadsAsANumber_NotAnEngineError()
    {
        // 29 digits and "B": the product by a billion overflowed DECIMAL(38) and stopped the import with DuckDB's own error.
        _ws.Import(null, ("accounts.csv", "account_id,name,annual_revenue\nA1,Acme,99999999999999999999999999999B\nA2,Beta,9999999999999999999B\n"));
        Assert.Equal(["A1|1e+38", "A2|1e+28"], _ws.Lines("SELECT account_id, annual_revenue FROM accounts ORDER BY account_id"));
    }

    [Fact]
    public void ReportTotalsRow_BetweenRecords_IsNamedInTheMessage_AndSetAsideWhenLenient()
    {
        const string report = "\"Account Name\",\"Account ID\",\"Annual Revenue\"\n\"Acme\",\"001A\",\"1,200\"\n\"B1\",\"\",\"\"\n\"Grand Total\",\"\",\"\"\n"
            + "\"Subtotal\",\"\",\"$1,200.00\"\n\"Core\",\"001C\",\"5\"\n";
        var error = _ws.ImportFails(null, ("accounts.csv", report));

        // A row holding only a name is an ordinary bad row; one holding only a totals word (and numbers) is told as a totals row.
        Assert.Equal(["accounts.csv:3: column 'account_id': required value is missing; fill it in, or import with --lenient to load the other rows and set such rows aside in rejects",
            "accounts.csv:4: column 'account_id': required value is missing (the row holds only 'Grand Total': a report's totals row? delete it, "
            + "or import with --lenient to set it aside in rejects)",
            "accounts.csv:5: column 'account_id': required value is missing (the row holds only 'Subtotal' and numbers: a report's totals row? delete it, "
            + "or import with --lenient to set it aside in rejects)"], error.Diagnostics.Select(d => d.ToString()));

        var lenient = _ws.Import(new ImportOptions(Lenient: true), ("accounts.csv", report));
        Assert.Equal(2, lenient.Files[0].RowsInserted);
        Assert.Equal("column 'account_id': required value is missing (the row holds only 'Grand Total': a report's totals row?)",
            _ws.Text("SELECT reason FROM rejects WHERE line = 4"));
    }

    [Fact]
    public void ReportTotalsRows_AfterTheLastRecord_AreSkippedWithANote_ButNotARecordThatLooksLikeOne()
    {
        // A Salesforce formatted report: group subtotal, then the grand total with its record count, then the footer.
        const string report = "Account ID,Account Name,Annual Revenue,Employees\n001A,Acme,\"1,200\",10\n001B,Beta,\"$2,000.00\",20\n"
            + ",Subtotal,\"3,200\",30\nGrand Totals (2 records),,\"$3,200.00\",30\n\nConfidential Information - Do Not Distribute\n";
        var result = _ws.Import(null, ("accounts.csv", report));

        Assert.Equal(["001A", "001B"], _ws.Workspace.Strings("SELECT account_id FROM accounts ORDER BY account_id"));
        Assert.Equal((2L, 2L, 0L), (result.Files[0].RowsRead, result.Files[0].RowsLoaded, result.Files[0].RowsRejected));
        Assert.Contains("lines 4-5 are a report's totals rows ('Subtotal', 'Grand Totals (2 records)') after the last record, not records: skipped", result.Files[0].Notes);

        // The same words on a row that is a whole record (an account named Total, with its id) load as any record.
        var named = _ws.Import(null, ("accounts.csv", "account_id,name,employees\n1001,Acme,10\n1002,Total,12\n"));
        Assert.Equal("Total", _ws.Text("SELECT name FROM accounts WHERE account_id = '1002'"));
        Assert.DoesNotContain(named.Files[0].Notes, n => n.Contains("totals", StringComparison.Ordinal));

        // A file of nothing but a totals row is no report: refused as it is.
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,employees\n,Total,12\n"));
        Assert.Equal("accounts.csv:2: column 'account_id': required value is missing (the row holds only 'Total' and numbers: a report's totals row? "
            + "delete it, or import with --lenient to set it aside in rejects)", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void WholeNumber_ThousandsWithTheOtherMark_NamesTheSettingAndNeverLoadsAThousandth()
    {
        // A decimal-point workspace reads 1,200 as twelve hundred.
        _ws.Import(null, ("accounts.csv", "account_id,name,employees\nA1,Acme,\"1,200\"\n"));
        Assert.Equal(1200L, Convert.ToInt64(_ws.Workspace.Scalar("SELECT employees FROM accounts"), System.Globalization.CultureInfo.InvariantCulture));

        // A decimal-comma workspace reads 1.200 so, and refuses 1,200 (1,2) and 3,000 (3, or 3000?) naming the setting.
        using var ws = new TestWorkspace("import:\n  number_format: decimal_comma\n");
        ws.Import(null, ("accounts.csv", "account_id,name,employees\nA1,Acme,1.200\n"));
        Assert.Equal(1200L, Convert.ToInt64(ws.Workspace.Scalar("SELECT employees FROM accounts"), System.Globalization.CultureInfo.InvariantCulture));
        var error = ws.ImportFails(null, ("accounts.csv", "account_id,name,employees\nA2,Beta,\"1,200\"\nA3,Gamma,\"3,000\"\n"));
        var looks = "it looks written with a comma between thousands: if the file writes 1,200 for 1200, set number_format: decimal_point under import: in sightline.yaml";
        Assert.Equal([$"accounts.csv:2: column 'employees' value '1,200': not a whole number as this workspace reads numbers (the comma is the decimal mark, so 1,200 is 1,2); {looks}",
            $"accounts.csv:3: column 'employees' value '3,000': ambiguous whole number: this workspace reads the comma as the decimal mark (so 1,000 is 1), but {looks}; "
            + "if it means the small number, write it without the comma and zeros"], error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(1, ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void Decimal_EveryValueShapedAsThousandsWithTheDecimalMark_IsToldWithTheSetting_ButLoads()
    {
        // 1.500, 12.000 and 250.000 are valid decimals here, but a column of nothing else is an export grouping thousands with dots.
        var result = _ws.Import(null, ("accounts.csv", "account_id,name,annual_revenue\nA1,Acme,1.500\nA2,Beta,12.000\nA3,Core,250.000\nA4,Dyn,\n"));
        Assert.Equal(["1.5", "12.0", "250.0"], _ws.Workspace.Strings("SELECT annual_revenue::VARCHAR FROM accounts WHERE annual_revenue IS NOT NULL ORDER BY annual_revenue"));
        Assert.Contains("annual_revenue: all 3 values have exactly three digits after the dot (1.500 to 250.000), so they were read as decimals (1.500 is 1.5); "
            + "if the file groups thousands with a dot (1.500 for 1500), set number_format: decimal_comma under import: in sightline.yaml and import it again", result.Files[0].Notes);

        // One value of another shape (2.75), a value below one (0.125), or too few values: nothing is told.
        foreach (var values in new[] { "1.500,2.75,3.000", "1.500,0.125,3.000", "1.500,3.000" })
        {
            var rows = string.Concat(values.Split(',').Select((v, i) => $"B{i},N{i},{v}\n"));
            var quiet = _ws.Import(null, ("accounts.csv", "account_id,name,annual_revenue\n" + rows));
            Assert.DoesNotContain(quiet.Files[0].Notes, n => n.Contains("three digits", StringComparison.Ordinal));
        }

        // Mirrored in a decimal-comma workspace.
        using var ws = new TestWorkspace("import:\n  number_format: decimal_comma\n");
        var comma = ws.Import(null, ("accounts.csv", "account_id;name;annual_revenue\nA1;Acme;1,500\nA2;Beta;12,000\nA3;Core;250,000\n"));
        Assert.Contains("annual_revenue: all 3 values have exactly three digits after the comma (1,500 to 250,000), so they were read as decimals (1,500 is 1,5); "
            + "if the file groups thousands with a comma (1,500 for 1500), set number_format: decimal_point under import: in sightline.yaml and import it again", comma.Files[0].Notes);
    }

    [Fact]
    public void Date_MonthFirstInADayFirstWorkspace_NamesTheSetting()
    {
        using var ws = new TestWorkspace("import:\n  date_order: dmy\n");
        ws.Import(null, ("accounts.csv", "account_id,name,created_at\nA1,Acme,14/3/2025\n"));
        Assert.Equal("2025-03-14", ws.Text("SELECT created_at::VARCHAR FROM accounts"));

        var error = ws.ImportFails(null, ("accounts.csv", "account_id,name,created_at\nA2,Beta,3/14/2025\n"));
        Assert.Equal("accounts.csv:2: column 'created_at' value '3/14/2025': not a date with the day first as this workspace reads them (e.g. 14/3/2025); "
            + "it is written with the month first: if the file writes 3/14/2025, set date_order: mdy under import: in sightline.yaml", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void Contacts_UnknownBuyingRole_ListsAllowedValues()
    {
        LoadParents();
        var error = _ws.ImportFails(null, ("contacts.csv", "contact_id,account_id,buying_role\nC1,A1,Decision Maker\nC2,A1,boss\n"));
        Assert.Equal("contacts.csv:3: column 'buying_role' value 'boss': expected one of decision_maker, influencer, end_user, champion, blocker "
            + "(to read another word as one of them, map it in sightline.yaml: value_maps.contacts.buying_role)",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void Touchpoints_BadTimestampAndBoolean_ExactMessages()
    {
        LoadParents();
        var touch = _ws.ImportFails(null, ("touchpoints.csv", "event_id,account_id,occurred_at,channel\nE1,A1,yesterday,call\n"));
        Assert.Equal("touchpoints.csv:2: column 'occurred_at' value 'yesterday': not a date and time (expected YYYY-MM-DD HH:MM:SS, with an offset such as +01:00 or a zone such as EST when not UTC)",
            Assert.Single(touch.Diagnostics).ToString());
        var opportunity = _ws.ImportFails(null, ("opportunities.csv", "opportunity_id,account_id,created_at,stage,won\nX1,A1,2025-01-01,Closed,maybe\n"));
        Assert.Equal("opportunities.csv:2: column 'won' value 'maybe': not true or false (expected true/false, yes/no or 1/0)",
            Assert.Single(opportunity.Diagnostics).ToString());
    }

    [Theory]
    [InlineData("epoch")]
    [InlineData("2025-01-01 allballs")]
    public void Timestamps_DuckDbSpecialWords_AreNotDates(string value)
    {
        LoadParents();
        var error = _ws.ImportFails(null, ("touchpoints.csv", $"event_id,account_id,occurred_at,channel\nE1,A1,{value},call\n"));
        Assert.Equal($"touchpoints.csv:2: column 'occurred_at' value '{value}': not a date and time (expected YYYY-MM-DD HH:MM:SS, with an offset such as +01:00 or a zone such as EST when not UTC)",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void OptionalReference_IsCheckedOnlyOnceTheParentTableHasRows()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,owner_rep_id\nA1,Acme,Jane Doe\n"));
        Assert.Equal("Jane Doe", _ws.Text("SELECT owner_rep_id FROM accounts"));

        _ws.Import(null, ("reps.csv", "rep_id,name,role\nR1,Rita,field\n"));
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,owner_rep_id\nA2,Beta,R9\n"));
        Assert.Equal("accounts.csv:2: column 'owner_rep_id' value 'R9': no such rep (not found in reps.rep_id)", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void SelfReference_ResolvesWithinTheSameFile()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,parent_account_id\nA2,Child,A1\nA1,Parent,\n"));
        Assert.Equal("A1", _ws.Text("SELECT parent_account_id FROM accounts WHERE account_id = 'A2'"));
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,parent_account_id\nA3,Orphan,A7\n"));
        Assert.Equal("accounts.csv:2: column 'parent_account_id' value 'A7': no such account (not found in accounts.account_id; add a row for it, in this file or an earlier import)",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void FileName_Unknown_AsksForTable()
    {
        var error = _ws.ImportFails(null, ("stuff.csv", "a,b\n1,2\n"));
        Assert.StartsWith("stuff.csv: cannot tell which table this file is for, from its name or its header; name it after a table (reps, products, accounts",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void FileName_NamingNoTable_IsReadAsTheOneTableItsHeaderCompletes_WithANote()
    {
        _ws.Import(null, ("products.csv", "product_id,name\n85048,Glass ball\n79323P,Cherry lights\n"), ("accounts.csv", "account_id,name\n13085,Shop 13085\n"));

        // UCI's Online Retail II as a CSV: its lines give an order's id, product, customer and date, and a unit price for the amount.
        var result = _ws.Import(null, ("online_retail_II.csv", "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
            + "489434,85048,GLASS BALL,12,2009-12-01 07:45:00,6.95,13085,United Kingdom\n489434,79323P,CHERRY LIGHTS,12,2009-12-01 07:45:00,6.75,13085,United Kingdom\n"));

        Assert.Equal("orders", Assert.Single(result.Files).Table);
        Assert.Equal(["489434|79323P|13085|81.0", "489434|85048|13085|83.4"], _ws.Lines("SELECT order_id, product_id, account_id, round(amount, 2) FROM orders ORDER BY 2"));
        Assert.Contains(result.Notes, n => n.StartsWith("online_retail_II.csv: its name names no table, so it is read as orders, the table whose required columns its header gives ('Invoice' as order_id, ", StringComparison.Ordinal));

        // A header two tables complete alike says nothing of which: refused as before.
        var error = _ws.ImportFails(null, ("list.csv", "id,name\n1,Acme\n"));
        Assert.StartsWith("list.csv: cannot tell which table this file is for, from its name or its header", Assert.Single(error.Diagnostics).ToString(), StringComparison.Ordinal);

        // A key header that says only that it is a key (Stripe's payments, Magento's order grid) names no record: refused, not read as products or accounts.
        foreach (var (file, text) in new[]
        {
            ("unified_payments.csv", "id,Description,Created (UTC),Amount,Currency,Status\nch_3Nx,Subscription update,2026-10-01 10:00:00,49.00,usd,Paid\n"),
            ("export.csv", "ID,Purchase Point,Purchase Date,Bill-to Name,Ship-to Name,Grand Total (Base),Status\n000000301,Main Website,2026-10-01,Jane Roe,Jane Roe,120.00,complete\n"),
        })
        {
            error = _ws.ImportFails(null, (file, text));
            Assert.StartsWith($"{file}: cannot tell which table this file is for, from its name or its header", Assert.Single(error.Diagnostics).ToString(), StringComparison.Ordinal);
        }

        Assert.Equal((1, 2), (_ws.Count("SELECT count(*) FROM accounts"), _ws.Count("SELECT count(*) FROM products")));
    }

    [Fact]
    public void Options_UnknownTableOrBadSetName_AreBadInput()
    {
        var table = _ws.ImportFails(new ImportOptions(Table: "leads"), ("x.csv", "a\n1\n"));
        Assert.Equal("--table: value 'leads': not a table; expected one of reps, products, accounts, contacts, territories, territory_accounts, orders, opportunities, touchpoints, competitors",
            Assert.Single(table.Diagnostics).ToString());
        var set = _ws.ImportFails(new ImportOptions(AttributeSet: "Bad Name"), ("x.csv", "domain\nacme.com\n"));
        Assert.Equal("--attributes: value 'Bad Name': expected a lowercase name of letters, digits and underscores, starting with a letter",
            Assert.Single(set.Diagnostics).ToString());
    }

    [Fact]
    public void ProjectFile_BadNumberFormat_IsBadInput()
    {
        using var dir = new TempDirectory();
        dir.Write("ws/sightline.yaml", "import:\n  number_format: roman\n");
        var error = Assert.Throws<BadInputException>(() => Sightline.Workspaces.Workspace.Init(dir.File("ws")));
        Assert.Equal("sightline.yaml:2: column 'import.number_format' value 'roman': expected decimal_point or decimal_comma", error.Message);
    }

    [Fact]
    public void File_Empty_IsBadInput()
    {
        var error = _ws.ImportFails(null, ("accounts.csv", ""));
        Assert.Equal("accounts.csv: the file is empty (expected a header line)", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void Headers_TwoNameOneColumn_TheCloserNameIsReadAndTheOtherKeptWithANote()
    {
        // HubSpot writes both; the first built-in name of the column wins wherever it stands, and nothing is lost.
        var result = _ws.Import(null, ("accounts.csv", "Account ID,Company name,Account Name,Company Domain Name,Website\nA1,Acme Inc,Acme,www.acme.com,acme.com\n"));

        Assert.Equal(new object?[] { "Acme", "acme.com", "Acme Inc", "www.acme.com" },
            _ws.Rows("SELECT name, domain, company_name, company_domain_name FROM accounts")[0]);
        Assert.Equal([
            "accounts.csv: headers 'Account Name' and 'Company name' both name column 'name'; 'Account Name' is read as it (the closer name) and "
                + "'Company name' is kept as a custom attribute; to read the other, map it in sightline.yaml (column_maps.accounts)",
            "accounts.csv: headers 'Website' and 'Company Domain Name' both name column 'domain'; 'Website' is read as it (the closer name) and "
                + "'Company Domain Name' is kept as a custom attribute; to read the other, map it in sightline.yaml (column_maps.accounts)"],
            result.Files[0].Notes.Where(n => n.Contains("both name column", StringComparison.Ordinal)));

        // The canonical name is closer than any built-in one.
        _ws.Import(null, ("accounts.csv", "Account Name,account_id,name\nAcme Corp,A2,Acme Two\n"));
        Assert.Equal(new object?[] { "Acme Two", "Acme Corp" }, _ws.Rows("SELECT name, account_name FROM accounts WHERE account_id = 'A2'")[0]);
    }

    [Fact]
    public void Headers_TheGenericIdBesideANamedOne_TheNamedIdIsRead()
    {
        // A HubSpot calls export with a generic "Id" column as well: the engagement's own id names the event, not "Id".
        var result = _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"),
            ("touchpoints.csv", "Id,Engagement ID,Associated Company ID,Activity date,Activity Type\n9001,EV-77,A1,2025-03-14 10:00,Call\n"));

        Assert.Equal(new object?[] { "EV-77", "A1", "call" }, _ws.Rows("SELECT event_id, account_id, channel FROM touchpoints")[0]);
        Assert.Contains("touchpoints.csv: headers 'Engagement ID' and 'Id' both name column 'event_id'; 'Engagement ID' is read as it (the closer name) and "
            + "'Id' is kept as a custom attribute; to read the other, map it in sightline.yaml (column_maps.touchpoints)", result.Files[1].Notes);
    }

    [Fact]
    public void Headers_TwoTheUserMapsToOneColumn_IsBadInput()
    {
        using var ws = new TestWorkspace("column_maps:\n  accounts:\n    \"Label\": name\n    \"Title\": name\n");
        var error = ws.ImportFails(null, ("accounts.csv", "account_id,Label,Title\nA1,Acme,Acme Inc\n"));
        Assert.Equal("accounts.csv:1: headers 'Label' and 'Title' both map to column 'name' in sightline.yaml (column_maps.accounts); map one of them only",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void CustomAttribute_ValueNotFittingEarlierType_IsBadInput()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,Fiscal Month\nA1,Acme,3\n"));
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,Fiscal Month\nA2,Beta,March\n"));
        Assert.Equal("accounts.csv:2: column 'fiscal_month' value 'March': does not fit the custom attribute's type DOUBLE (set by earlier values)",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void Replace_ThatWouldOrphanOrders_IsRefused()
    {
        LoadParents();
        _ws.Import(null, ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A2,P1,2025-01-02,10\n"));
        var error = _ws.ImportFails(new ImportOptions(Replace: true), ("accounts.csv", "account_id,name\nA1,Acme\n"));
        Assert.Equal("accounts.csv: --replace would leave 1 orders row without its account (orders.account_id 'A2'); include those accounts or replace orders too",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Theory]
    [InlineData("account_id,name\nA9,Nine\n")]
    [InlineData("account_id,name,employees\nA1,Acme,ten\nA2,Beta,3\n")]
    public void Replace_LenientThatWouldOrphanOrders_IsRefusedAndChangesNothing(string accounts)
    {
        LoadParents();
        _ws.Import(null, ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2025-01-02,10\n"));
        var error = _ws.ImportFails(new ImportOptions(Lenient: true, Replace: true), ("accounts.csv", accounts));
        Assert.Equal("accounts.csv: --replace would leave 1 orders row without its account (orders.account_id 'A1') (a row of this file that --lenient sets aside "
            + "is not loaded, so its account is missing too); include those accounts or replace orders too", Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(["A1", "A2"], _ws.Lines("SELECT account_id FROM accounts ORDER BY account_id"));
        Assert.Equal(0L, _ws.Count("SELECT count(*) FROM rejects"));
    }

    [Theory]
    [InlineData("\u00A0")]
    [InlineData("\u202F")]
    [InlineData("\u2009")]
    [InlineData("\u2007")]
    [InlineData("\u200B")]
    // Direction marks and the word joiner come with text copied from web pages and right-to-left systems; CJK text writes the ideographic space.
    [InlineData("\u200E")]
    [InlineData("\u200F")]
    [InlineData("\u2060")]
    [InlineData("\u2066")]
    [InlineData("\u3000")]
    [InlineData("\u2003")]
    public void Values_NoBreakSpacesAroundThem_AreTrimmedAsSpaces(string space)
    {
        var error = _ws.ImportFails(null, ("accounts.csv", $"account_id,name,industry\nA1,Acme,{space}Software{space}\nA1{space},Acme again,\nB1,{space}{space},\n"));
        Assert.Equal(["accounts.csv:3: column 'account_id' value 'A1': duplicate key; first seen on line 2",
            "accounts.csv:4: column 'name': required value is missing; fill it in, or import with --lenient to load the other rows and set such rows aside in rejects"],
            error.Diagnostics.Select(d => d.ToString()));

        _ws.Import(null, ("accounts.csv", $"account_id,name,industry\n{space}A1,Acme,{space}Software{space}\n"));
        Assert.Equal(["A1|Acme|Software"], _ws.Lines("SELECT account_id, name, industry FROM accounts"));
    }

    [Theory]
    [InlineData("2\u202F500", 2500L)]
    [InlineData("1\u2007234\u00A0567", 1234567L)]
    public void Employees_GroupedWithNarrowNoBreakSpaces_AreRead(string employees, long expected)
    {
        _ws.Import(null, ("accounts.csv", $"account_id,name,employees\nA1,Acme,{employees}\n"));
        Assert.Equal(expected, _ws.Count("SELECT employees FROM accounts"));
    }

    [Fact]
    public void ManyErrors_ShowsFirstTwentyThenCount()
    {
        LoadParents();
        var lines = string.Concat(Enumerable.Range(1, 45).Select(i => $"O{i},A1,P1,2025-01-02,x{i}\n"));
        var error = _ws.ImportFails(null, ("orders.csv", "order_id,account_id,product_id,order_date,amount\n" + lines));
        Assert.Equal(20, error.Diagnostics.Count);
        Assert.Equal(45, error.TotalCount);
        Assert.Equal("orders.csv:21: column 'amount' value 'x20': not a number (expected e.g. 1234.56, 1,234.56 or $1,234.56)", error.Diagnostics[19].ToString());
        Assert.EndsWith("... and 25 more problems", error.Message);
    }

    [Fact]
    public void FailedImport_LeavesWorkspaceUnchanged()
    {
        LoadParents();
        _ws.Import(null, ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2025-01-02,10\n"));
        var before = _ws.Workspace.TableFingerprints();

        // Good accounts and products first, then a bad order line: the whole command must leave nothing behind.
        _ws.ImportFails(null,
            ("accounts.csv", "account_id,name,Fiscal Month\nA3,Gamma,3\nA1,Acme renamed,4\n"),
            ("products.csv", "product_id,name\nP3,Thing\n"),
            ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO2,A3,P3,2025-01-02,abc\n"));

        _ws.Reopen();
        Assert.Equal(before, _ws.Workspace.TableFingerprints());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM duckdb_columns() WHERE column_name = 'fiscal_month'"));
    }

    [Fact]
    public void Lenient_LoadsGoodRowsAndKeepsEveryRejectWithReason()
    {
        LoadParents();
        var result = _ws.Import(new ImportOptions(Lenient: true), ("orders.csv",
            "order_id,account_id,product_id,order_date,amount\n" +
            "O1,A1,P1,2025-01-02,10\n" +
            "O2,A9,P1,2025-01-02,abc\n" +
            "O3,A1,P1,2025-01-02\n" +
            "O4,A2,P2,2025-02-02,-3\n"));
        var file = Assert.Single(result.Files);
        Assert.Equal((4L, 2L, 2L, 1L), (file.RowsRead, file.RowsLoaded, file.RowsRejected, file.RowsFlagged));
        Assert.Equal(file.RowsRead, file.RowsLoaded + file.RowsRejected);
        var rejects = _ws.Rows("SELECT file, line, raw, reason FROM rejects ORDER BY line");
        Assert.Equal(2, rejects.Count);
        Assert.Equal(new object?[] { "orders.csv", 3L, "O2,A9,P1,2025-01-02,abc",
            "column 'amount' value 'abc': not a number (expected e.g. 1234.56, 1,234.56 or $1,234.56); column 'account_id' value 'A9': no such account (not found in accounts.account_id)" }, rejects[0]);
        Assert.Equal(new object?[] { "orders.csv", 4L, "O3,A1,P1,2025-01-02", "expected 5 fields but found 4" }, rejects[1]);
        Assert.Equal(1, _ws.Count("SELECT count(*) FROM import_flags WHERE flag = 'negative amount: kept as a return' AND row_key = 'O4|P2'"));
        Assert.Equal(-3.0, Convert.ToDouble(_ws.Workspace.Scalar("SELECT amount FROM orders WHERE order_id = 'O4'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Accounts_ImplausibleEmployeesAndRevenue_LoadButAreFlagged()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,employees,annual_revenue\nA1,Huge,9000000,5e12\nA2,Normal,10,1000000\n"));
        Assert.Equal(2, _ws.Count("SELECT count(*) FROM accounts"));
        var flags = _ws.Rows("SELECT row_key, column_name, value, flag FROM import_flags ORDER BY column_name");
        Assert.Equal(new object?[] { "A1", "annual_revenue", "5e12", "implausible annual revenue (more than 1,000,000,000,000)" }, flags[0]);
        Assert.Equal(new object?[] { "A1", "employees", "9000000", "implausible employees (more than 2,500,000)" }, flags[1]);
    }
}
