using Sightline.Import;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>Values cleaned as they are stored, and damaged input refused, as found in real CRM exports.</summary>
public sealed class ImportValueRulesTests : IDisposable
{
    private const string Products = "product_id,name\nP1,Widget\n";
    private const string Orders = "order_id,account_id,product_id,order_date,amount\n";
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>Imports the files as one folder, read in the order of their names.</summary>
    private ImportResult ImportFolder(params (string Name, string Text)[] files)
    {
        foreach (var (name, text) in files)
        {
            _ws.Files.Write(Path.Combine("export", name), text);
        }

        return _ws.ImportPaths([_ws.Files.File("export")]);
    }

    [Fact]
    public void Amounts_NegativeZero_AreStoredAsZero()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"), ("products.csv", Products),
            ("orders.csv", Orders + "O1,A1,P1,2025-01-02,-0.00\nO2,A1,P1,2025-01-03,-0\nO3,A1,P1,2025-01-04,(0.00)\nO4,A1,P1,2025-01-05,-$0.00\n"));
        Assert.Equal(["O1|0.0", "O2|0.0", "O3|0.0", "O4|0.0"], _ws.Lines("SELECT order_id, CAST(amount AS VARCHAR) FROM orders ORDER BY order_id"));
    }

    [Fact]
    public void Amounts_NegativeZero_WithADecimalComma_AreStoredAsZero()
    {
        using var ws = new TestWorkspace("import:\n  number_format: decimal_comma\n");
        ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"), ("products.csv", Products),
            ("orders.csv", "order_id;account_id;product_id;order_date;amount;Credit\nO1;A1;P1;2025-01-02;-0,00;-0,00\nO2;A1;P1;2025-01-03;(0,00);1,5\n"
                + "O3;A1;P1;2025-01-04;-0.000,00;-0\nO4;A1;P1;2025-01-05;-$0,00;(0,00)\n"));
        Assert.Equal(["O1|0.0|0.0", "O2|0.0|1.5", "O3|0.0|0.0", "O4|0.0|0.0"],
            ws.Lines("SELECT order_id, CAST(amount AS VARCHAR), CAST(credit AS VARCHAR) FROM orders ORDER BY order_id"));
        Assert.Equal("DOUBLE", ws.Text("SELECT data_type FROM duckdb_columns() WHERE table_name = 'orders' AND column_name = 'credit'"));
    }

    [Fact]
    public void Contacts_EmailsInAnyCase_AreStoredTrimmedInLowerCase_AndAreOneContactWhenTheyKeyIt()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));

        _ws.Import(null, ("contacts.csv", "contact_id,account_id,email\nC1,A1,\"  Jane.Doe@Acme.COM \"\nC2,A1,bob@acme.com\n"));
        Assert.Equal(["C1|jane.doe@acme.com", "C2|bob@acme.com"], _ws.Lines("SELECT contact_id, email FROM contacts ORDER BY contact_id"));

        // A report without ids keys a person by the email: written in another case, it is the same person.
        _ws.Import(null, ("Contacts report.csv", "Name,Account Name,Email,Title\nJane Doe,Acme,JANE.DOE@acme.com,CFO\n"));
        _ws.Import(null, ("Contacts report.csv", "Name,Account Name,Email,Title\nJane Doe,Acme,jane.doe@ACME.com,CEO\n"));
        Assert.Equal(["jane.doe@acme.com|jane.doe@acme.com|CEO"], _ws.Lines("SELECT contact_id, email, title FROM contacts WHERE contact_id LIKE 'jane%'"));
    }

    [Theory]
    [InlineData("https://www.acme.com/about?x=1", "acme.com")]
    [InlineData("http://acme.com/", "acme.com")]
    [InlineData("WWW.Acme.com", "acme.com")]
    [InlineData("https://shop.Acme.co.uk:8443/de/", "shop.acme.co.uk")]
    [InlineData("info@acme.com", "acme.com")]
    [InlineData("not a website", "not a website")]
    [InlineData("acme.com", "acme.com")]
    [InlineData("www.acme.com", "acme.com")]
    [InlineData("www2.acme.com", "acme.com")]
    [InlineData("wwwacme.com", "wwwacme.com")]
    [InlineData("acme.com.", "acme.com")]
    public void Accounts_WebsitesWrittenAsUrls_AreStoredAsTheirDomains(string website, string stored)
    {
        _ws.Import(null, ("accounts.csv", $"account_id,name,Website\nA1,Acme,{website}\n"));

        Assert.Equal(stored, _ws.Text("SELECT domain FROM accounts"));
    }

    [Theory]
    [InlineData("00123", "123", "orders.csv:2: column 'account_id' value '123': no such account (not found in accounts.account_id); "
        + "did you mean '00123'? a spreadsheet may have dropped its leading zeros")]
    [InlineData("456", "000456", "orders.csv:2: column 'account_id' value '000456': no such account (not found in accounts.account_id); "
        + "did you mean '456'? the id is written with leading zeros it does not have")]
    public void References_IdsThatDifferInLeadingZerosOnly_NameTheKey(string key, string reference, string expected)
    {
        _ws.Import(null, ("accounts.csv", $"account_id,name\n{key},Acme\n7,Other\n"), ("products.csv", Products));

        var error = _ws.ImportFails(null, ("orders.csv", $"{Orders}O1,{reference},P1,2025-01-02,10\nO2,9,P1,2025-01-02,10\n"));

        Assert.Equal([expected, "orders.csv:3: column 'account_id' value '9': no such account (not found in accounts.account_id)"],
            error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM orders"));
    }

    [Theory]
    [InlineData("5,5%")]
    [InlineData("12,25 %")]
    public void Percentages_WithADecimalComma_NameTheNumberFormatSetting(string discount)
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"), ("products.csv", Products));

        var error = _ws.ImportFails(null, ("orders.csv", $"order_id,account_id,product_id,order_date,amount,discount\nO1,A1,P1,2025-01-02,10,\"{discount}\"\n"));

        Assert.Equal($"orders.csv:2: column 'discount' value '{discount}': not a number with a decimal point as this workspace reads them (e.g. 1,234.56); "
            + "it is written with a decimal comma: if the file writes 1.234,56, set number_format: decimal_comma under import: in sightline.yaml",
            Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM orders"));
    }

    [Fact]
    public void Csv_NulBytesInValues_AreRefusedNamingLineColumnAndValue()
    {
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,employees,Segment\nA1,Ac\0me,10,Mid\nA2,Beta,2\00,Mid\nA3,Gamma,5,Mi\0d\n"));

        const string Damaged = "holds a NUL byte (shown as \\0), which no CRM value has: the file is damaged (a broken export or copy); "
            + "expected text without NUL bytes: export the file again, or remove the NUL bytes";
        Assert.Equal([$"accounts.csv:2: column 'name' value 'Ac\\0me': {Damaged}", $"accounts.csv:3: column 'employees' value '2\\00': {Damaged}",
            $"accounts.csv:4: column 'segment' value 'Mi\\0d': {Damaged}"], error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Theory]
    [InlineData(10, -1, true, false)]
    [InlineData(1_500_000, 3_000_000, true, true)]
    [InlineData(3_000_000, 10, true, true)]
    [InlineData(-1, 2_999_999, false, true)]
    [InlineData(-1, -1, false, false)]
    public void ByteSearchOfTheFile_FindsEachByteWhereverItIs(int hashAt, int nulAt, bool hash, bool nul)
    {
        // The checks for spreadsheet errors and NUL bytes run only on files holding a '#' or a NUL: a byte missed in a later
        // chunk of the file would let such values load unchecked.
        var bytes = new byte[3_000_001];
        Array.Fill(bytes, (byte)'a');
        if (hashAt >= 0)
        {
            bytes[hashAt] = (byte)'#';
        }

        if (nulAt >= 0)
        {
            bytes[nulAt] = 0;
        }

        var path = _ws.Files.File("bytes.csv");
        File.WriteAllBytes(path, bytes);

        Assert.Equal([hash, nul], BrokenQuotes.ContainsEach(path, (byte)'#', 0));
    }

    [Fact]
    public void SpreadsheetErrorValuesInTextColumns_AreRefusedNamingLineColumnAndValue()
    {
        // A failed formula saved to CSV: #REF! loaded as an account's name, and a number column with #DIV/0! became a text attribute.
        _ws.Import(null, ("accounts.csv", "account_id,name\nA0,Zero\n"));
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,Score,Region code\nA1,#REF!,#DIV/0!,EU\nA2,Beta,7,#NAME?\nA3,Gamma,8,#N/A\n"));

        const string Failed = "a spreadsheet's error value: a formula failed in the sheet the file was saved from, so the cell holds no data; "
            + "expected a value: fix the formula or clear the cell, and save the file again";
        Assert.Equal([$"accounts.csv:2: column 'name' value '#REF!': {Failed}", $"accounts.csv:2: column 'score' value '#DIV/0!': {Failed}",
            $"accounts.csv:3: column 'region_code' value '#NAME?': {Failed}"], error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(["A0|Zero"], _ws.Lines("SELECT account_id, name FROM accounts"));
    }

    [Fact]
    public void SpreadsheetErrorValuesInTypedColumns_AreToldAsFailedFormulas_Once()
    {
        // Until 2026-12-07 #VALUE! in a number column was "not a whole number", as if the file wrote another kind of number.
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));
        var error = _ws.ImportFails(null,
            ("accounts.csv", "account_id,name,employees,annual_revenue,created_at\nA2,Beta,#VALUE!,#DIV/0!,#REF!\nA3,Gamma,#N/A,12.5,2024-01-02\n"),
            ("contacts.csv", "contact_id,account_id,name,buying_role\nC1,A1,Ann,#NAME?\n"));

        const string Failed = "a spreadsheet's error value: a formula failed in the sheet the file was saved from, so the cell holds no data; "
            + "expected a value: fix the formula or clear the cell, and save the file again";
        Assert.Equal([$"accounts.csv:2: column 'employees' value '#VALUE!': {Failed}", $"accounts.csv:2: column 'annual_revenue' value '#DIV/0!': {Failed}",
            $"accounts.csv:2: column 'created_at' value '#REF!': {Failed}", $"contacts.csv:2: column 'buying_role' value '#NAME?': {Failed}"],
            error.Diagnostics.Select(d => d.ToString()));

        // A number attribute an earlier import typed: the same words, not "does not fit the custom attribute's type DOUBLE".
        _ws.Import(null, ("accounts.csv", "account_id,name,Score\nA1,Acme,5\n"));
        var attribute = _ws.ImportFails(null, ("accounts.csv", "account_id,name,Score\nA1,Acme,#DIV/0!\n"));
        Assert.Equal($"accounts.csv:2: column 'score' value '#DIV/0!': {Failed}", Assert.Single(attribute.Diagnostics).ToString());
    }

    [Theory]
    [InlineData("0.07%", "0.0007")]
    [InlineData("1.1%", "0.011")]
    [InlineData("-1.1 %", "-0.011")]
    [InlineData("12.5%", "0.125")]
    [InlineData("7%", "0.07")]
    public void Percentages_AreStoredAsTheNumberNearestTheirFraction(string text, string stored)
    {
        // Until 2026-12-07 the value was divided by 100 in a DOUBLE: 0.07% was stored as 0.0007000000000000001.
        _ws.Import(null, ("accounts.csv", $"account_id,name,Churn Rate\nA1,Acme,{text}\n"));
        Assert.Equal(("DOUBLE", stored), (_ws.Text("SELECT data_type FROM attribute_catalog WHERE column_name = 'churn_rate'"), _ws.Text("SELECT churn_rate::VARCHAR FROM accounts")));
    }

    [Fact]
    public void Dates_Before1900OrAfter2200_AreRefusedWithTheAcceptedRange()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"), ("products.csv", Products));

        var error = _ws.ImportFails(null,
            ("orders.csv", $"{Orders}O1,A1,P1,0001-01-01,10\nO2,A1,P1,2025-01-02,10\n"),
            ("opportunities.csv", "opportunity_id,account_id,created_at,closed_at,stage,won\nD1,A1,2025-01-02,9999-12-31,Closed Won,true\n"),
            ("touchpoints.csv", "event_id,account_id,occurred_at,channel\nE1,A1,1899-12-31 10:00,call\n"));

        const string Range = "is outside the dates accepted: expected a date between 1900-01-01 and 2200-12-31 "
            + "(0001-01-01 and 9999-12-31 are what some CRMs write for no date: leave such cells blank)";
        Assert.Equal([$"orders.csv:2: column 'order_date' value '0001-01-01': {Range}", $"opportunities.csv:2: column 'closed_at' value '9999-12-31': {Range}",
            $"touchpoints.csv:2: column 'occurred_at' value '1899-12-31 10:00': {Range}"], error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(0, _ws.Count("SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM opportunities) + (SELECT count(*) FROM touchpoints)"));

        // The first and last days of the range load.
        _ws.Import(null, ("orders.csv", $"{Orders}O1,A1,P1,1900-01-01,10\n"),
            ("opportunities.csv", "opportunity_id,account_id,created_at,closed_at,stage,won\nD1,A1,2025-01-02,2200-12-31,Open,\n"));
        Assert.Equal(["1900-01-01|2200-12-31"], _ws.Lines("SELECT o.order_date, d.closed_at FROM orders o, opportunities d"));
    }

    [Fact]
    public void Csv_CrLfHeaderWithLfRows_IsReadWithANote_AndLinesKeepTheirNumbers()
    {
        var result = _ws.Import(null, ("accounts.csv", "account_id,name\r\nA1,Acme\nA2,Beta\n"));

        Assert.Equal(["A1|Acme", "A2|Beta"], _ws.Lines("SELECT account_id, name FROM accounts ORDER BY account_id"));
        Assert.Contains("accounts.csv: 1 line ends with \\r\\n (Windows) and 2 with \\n alone (a file edited by hand?): read with either as a line's end",
            Assert.Single(result.Files).Notes);

        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,employees\r\nA3,Gamma,5\r\nA4,Delta,many\n"));
        Assert.Equal("accounts.csv:3: column 'employees' value 'many': not a whole number", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void Csv_LinesEndingWithReturnsAlone_AreReadLineByLine_AndBadRowsRefusedAtTheirLines()
    {
        // Classic Mac OS line ends: DuckDB's reader dropped a short row without a word and told a bad value one line early.
        var result = _ws.Import(null, ("accounts.csv", "account_id,name,notes,employees\rA1,Acme,\"first\rsecond\",5\rA2,Beta,,7\r"));

        Assert.Equal(["A1|first\nsecond|5", "A2|null|7"], _ws.Lines("SELECT account_id, notes, employees FROM accounts ORDER BY account_id"));
        Assert.Contains("accounts.csv: 3 lines end with \\r alone (classic Mac OS): read with it as a line's end", Assert.Single(result.Files).Notes);

        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,employees\rA3,Gamma,5\rA4,Delta\rA5,Eps,many\rA6,Zeta,6"));
        Assert.Equal(["accounts.csv:3: expected 3 fields but found 2", "accounts.csv:4: column 'employees' value 'many': not a whole number"],
            error.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(2, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void Csv_LinesEndingAllThreeWays_AreReadWithANote()
    {
        var result = _ws.Import(null, ("accounts.csv", "account_id,name\r\nA1,Acme\nA2,Beta\rA3,Gamma\r\n"));

        Assert.Equal(["A1|Acme", "A2|Beta", "A3|Gamma"], _ws.Lines("SELECT account_id, name FROM accounts ORDER BY account_id"));
        Assert.Contains("accounts.csv: 2 lines end with \\r\\n (Windows), 1 with \\n alone and 1 with \\r alone (classic Mac OS): read with any as a line's end",
            Assert.Single(result.Files).Notes);
    }

    [Fact]
    public void Csv_CrLfRecordsWithLineBreaksInQuotedCells_AreNoMixedLineEnds()
    {
        // Excel writes a cell's line break as \n alone inside a file of \r\n records: read as it is, without a note.
        var result = _ws.Import(null, ("accounts.csv", "account_id,name,Notes\r\nA1,Acme,\"first\nsecond\"\r\nA2,Beta,x\r\n"));

        Assert.Equal(["A1|first\nsecond", "A2|x"], _ws.Lines("SELECT account_id, notes FROM accounts ORDER BY account_id"));
        Assert.DoesNotContain(Assert.Single(result.Files).Notes, n => n.Contains("line ends", StringComparison.Ordinal) || n.Contains("lines end", StringComparison.Ordinal));
    }

    [Fact]
    public void SameKeyInTwoFiles_WithOtherValues_IsRefusedNamingBothFilesAndLines()
    {
        var error = Assert.Throws<BadInputException>(() => ImportFolder(("accounts.csv", "account_id,name,industry\n41,Zeta,\n42,Acme,Retail\n"),
            ("companies.csv", "account_id,name\nX,Foo\n42,Acme Corp\n")));

        Assert.Equal("companies.csv:3: column 'account_id' value '42': accounts.csv gives this account_id too, on line 3, with another name ('Acme'; here 'Acme Corp'): "
            + "expected a key once across the files of one import (or the same row in both); keep the right row in one file", Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void SameKeyInTwoFiles_AlikeInTheColumnsBothGive_LoadsOnceWithANote()
    {
        var result = ImportFolder(("accounts.csv", "account_id,name,industry\n41,Zeta,\n42,Acme,Retail\n"),
            ("companies.csv", "account_id,name,employees\n42,Acme,120\nX,Foo,\n"));

        Assert.Equal(["41|Zeta|null|null", "42|Acme|Retail|120", "X|Foo|null|null"], _ws.Lines("SELECT account_id, name, industry, employees FROM accounts ORDER BY account_id"));
        Assert.Contains("companies.csv: 1 row repeats a row of accounts.csv exactly (the same account_id and values in the columns both files give, "
            + "e.g. 42 on line 3 there): loaded once", result.Files[1].Notes);
    }
    [Fact]
    public void ChildOfARefusedParent_SaysTheParentWasRefusedAndWhere()
    {
        var error = Assert.Throws<BadInputException>(() => ImportFolder(("accounts.csv", "account_id,name,employees\nA1,Acme,bad\nA2,Beta,5\n"),
            ("orders.csv", Orders + "O1,A1,P1,2025-01-02,10\nO2,A2,P1,2025-01-02,10\nO3,A9,P1,2025-01-02,10\n"), ("products.csv", Products)));

        Assert.Equal(["accounts.csv:2: column 'employees' value 'bad': not a whole number",
            "orders.csv:2: column 'account_id' value 'A1': the account is in accounts.csv but was refused there (line 2): fix that row, and this one loads with it",
            "orders.csv:4: column 'account_id' value 'A9': no such account (not found in accounts.account_id)"],
            error.Diagnostics.Select(d => d.ToString()));

        var result = new Importer(_ws.Workspace, FixedClock.Default).Import([_ws.Files.File("export")], new ImportOptions(Lenient: true));
        Assert.Equal(["accounts.csv|2|column 'employees' value 'bad': not a whole number",
            "orders.csv|2|column 'account_id' value 'A1': the account is in accounts.csv but was refused there (line 2): fix that row, and this one loads with it",
            "orders.csv|4|column 'account_id' value 'A9': no such account (not found in accounts.account_id)"],
            _ws.Lines($"SELECT file, line, reason FROM rejects WHERE run_id = '{result.RunId}' ORDER BY file, line"));
    }
}
