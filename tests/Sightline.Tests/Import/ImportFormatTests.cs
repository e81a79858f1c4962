using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Sightline.Import;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>Encodings, delimiters, number and date formats, Parquet and XLSX.</summary>
public sealed class ImportFormatTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private double Number(string sql) => Convert.ToDouble(_ws.Workspace.Scalar(sql), CultureInfo.InvariantCulture);

    [Fact]
    public void Csv_Utf8WithBom_HeaderAndAccentsIntact()
    {
        var path = _ws.Files.Write("accounts.csv", "account_id,name,city\nA1,Zürich Straße AG,Zürich\n", new UTF8Encoding(true));
        var result = _ws.ImportPaths([path]);
        Assert.Equal("utf-8 (BOM)", result.Files[0].Encoding);
        Assert.Equal("Zürich Straße AG", _ws.Text("SELECT name FROM accounts"));
    }

    [Fact]
    public void Csv_NotUtf8_ReadAsWindows1252WithNote()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = _ws.Files.File("accounts.csv");
        File.WriteAllBytes(path, Encoding.GetEncoding(1252).GetBytes("account_id,name\nA1,Café Müller – “Best”\n"));
        var result = _ws.ImportPaths([path]);
        Assert.Equal("windows-1252", result.Files[0].Encoding);
        Assert.Contains("accounts.csv is not valid UTF-8; read as Windows-1252", result.Files[0].Notes);
        Assert.Equal("Café Müller – “Best”", _ws.Text("SELECT name FROM accounts"));
    }

    [Fact]
    public void Csv_MacRomanWithLinesEndingInReturns_ReadAsMacRomanWithNotes()
    {
        // Excel for Mac's "CSV (Macintosh)": Mac Roman text, lines ending with \r alone. As Windows-1252 "Société" read "SociŽtŽ".
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = _ws.Files.File("accounts.csv");
        File.WriteAllBytes(path, Encoding.GetEncoding(10000).GetBytes("account_id,name,city\rA1,Société Générale,Zürich\rA2,Crème Brûlée,Köln\r"));

        var result = _ws.ImportPaths([path]);

        Assert.Equal("macintosh", result.Files[0].Encoding);
        Assert.Contains("accounts.csv is not valid UTF-8, and its accented letters are Mac Roman's (classic Mac OS; Excel for Mac's \"CSV (Macintosh)\"); read as Mac Roman",
            result.Files[0].Notes);
        Assert.Contains("accounts.csv: 3 lines end with \\r alone (classic Mac OS): read with it as a line's end", result.Files[0].Notes);
        Assert.Equal(["A1|Société Générale|Zürich", "A2|Crème Brûlée|Köln"], _ws.Lines("SELECT account_id, name, city FROM accounts ORDER BY account_id"));
    }

    [Theory]
    [InlineData("A1,L’été à Paris\nA2,d’Artagnan\n", "L’été à Paris")]
    [InlineData("A1,O’Neil’s Bar\nA2,Plain\n", "O’Neil’s Bar")]
    public void Csv_Windows1252WithQuotesBetweenLetters_StaysWindows1252(string rows, string first)
    {
        // ’ (0x92) is í in Mac Roman, a letter too: only letters that read as such in Mac Roman alone make a file Mac Roman.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = _ws.Files.File("accounts.csv");
        File.WriteAllBytes(path, Encoding.GetEncoding(1252).GetBytes("account_id,name\n" + rows));

        var result = _ws.ImportPaths([path]);

        Assert.Equal("windows-1252", result.Files[0].Encoding);
        Assert.Equal(first, _ws.Text("SELECT name FROM accounts WHERE account_id = 'A1'"));
    }

    [Fact]
    public void Csv_Utf8LinesWithWindows1252LinesAppended_EachLineReadInItsOwnEncoding_WithNote()
    {
        // One tool wrote UTF-8, another appended in Windows-1252 (a BOM at the start too): reading the whole file as
        // Windows-1252 turned every UTF-8 "é" into "Ã©".
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = _ws.Files.File("accounts.csv");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("account_id,name\nA1,Café Zürich\nA2,Plain Ltd\n"),
            .. Encoding.GetEncoding(1252).GetBytes("A3,Müller – “Best”\nA4,Señor Øl\n")]);

        var result = _ws.ImportPaths([path]);

        Assert.Equal("windows-1252", result.Files[0].Encoding);
        Assert.Contains("accounts.csv mixes encodings: 2 lines are not valid UTF-8 (the first is line 4) and were read as Windows-1252; "
            + "1 line with other non-ASCII text is valid UTF-8 and kept as such", result.Files[0].Notes);
        Assert.Equal(["Café Zürich", "Plain Ltd", "Müller – “Best”", "Señor Øl"], _ws.Workspace.Strings("SELECT name FROM accounts ORDER BY account_id"));
    }

    [Theory]
    [InlineData(false, true, "utf-16le (BOM)", "little")]
    [InlineData(true, true, "utf-16be (BOM)", "big")]
    [InlineData(false, false, "utf-16le", "little")]
    [InlineData(true, false, "utf-16be", "big")]
    public void Text_Utf16AsSpreadsheetsSaveUnicodeText_TabSeparated_LoadsWithNote(bool bigEndian, bool byteOrderMark, string encoding, string endian)
    {
        // Excel's "Unicode text": UTF-16 with tabs. Its zero bytes once reached DuckDB's parser in an error message and crashed the import.
        var path = _ws.Files.File("accounts.txt");
        File.WriteAllBytes(path, [.. (byteOrderMark ? new UnicodeEncoding(bigEndian, true).GetPreamble() : []),
            .. new UnicodeEncoding(bigEndian, false).GetBytes("account_id\tname\tcity\r\nA1\tZürich Straße AG\tZürich\r\nA2\tÅbo Oy\tTurku\r\n")]);

        var result = _ws.ImportPaths([path], new ImportOptions(Table: "accounts"));

        Assert.Equal(encoding, result.Files[0].Encoding);
        Assert.Contains($"accounts.txt is UTF-16 ({endian}-endian, as spreadsheets save \"Unicode text\"); read as such", result.Files[0].Notes);
        Assert.Equal([["A1", "Zürich Straße AG", "Zürich"], ["A2", "Åbo Oy", "Turku"]], _ws.Rows("SELECT account_id, name, city FROM accounts ORDER BY account_id"));
    }

    [Fact]
    public void Folder_WithoutAnImportableFile_IsBadInputNamingEveryExtensionRead()
    {
        var folder = _ws.Files.File("export");
        Directory.CreateDirectory(folder);
        File.WriteAllText(System.IO.Path.Combine(folder, "readme.pdf"), "%PDF-1.4");

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([folder]));

        Assert.Equal($"{folder}: no importable files (.csv, .tsv, .tab, .txt, .parquet, .xlsx, or a .zip of them, or one gzipped) found", error.Message);
    }

    [Fact]
    public void Folder_ItsOwnFilesAreImported_ASubFolderWithFilesIsNamedInANote_NotRead()
    {
        var folder = _ws.Files.File("export");
        Directory.CreateDirectory(System.IO.Path.Combine(folder, "2025 contacts"));
        Directory.CreateDirectory(System.IO.Path.Combine(folder, "images"));
        File.WriteAllText(System.IO.Path.Combine(folder, "accounts.csv"), "account_id,name\nA1,Acme\n");
        File.WriteAllText(System.IO.Path.Combine(folder, "2025 contacts", "contacts.csv"), "contact_id,account_id\nC1,A1\n");
        File.WriteAllText(System.IO.Path.Combine(folder, "2025 contacts", "leads.xlsx"), "not read");
        File.WriteAllText(System.IO.Path.Combine(folder, "images", "logo.png"), "not an export");

        var result = _ws.ImportPaths([folder + System.IO.Path.DirectorySeparatorChar]);

        Assert.Equal(["accounts.csv"], result.Files.Select(f => f.File));
        Assert.Equal(["2025 contacts: a sub-folder of export with 2 files to import, not read (a folder's own files are imported; name the sub-folder to import it too)"],
            result.Notes);
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM contacts"));
    }

    [Fact]
    public void Csv_HeaderWithAZeroByte_IsBadInputNamingTheHeader_NotAnInternalError()
    {
        var path = _ws.Files.File("accounts.csv");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes("ref\0no,industry\nA1,Software\n"));

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path]));

        Assert.Contains("missing required columns 'account_id', 'name'", error.Message, StringComparison.Ordinal);
        Assert.Contains("headers seen: ref\\u0000no, industry", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_ALineBeyondTheReadersLimit_IsBadInputSayingSo_NotTheReadersLineNumber()
    {
        _ws.Files.Write("accounts.csv", "account_id,name\nA1," + new string('x', 2_100_000) + "\nA2,Bolt\n");

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([_ws.Files.File("accounts.csv")]));

        Assert.Equal("accounts.csv: cannot be read (a line is 2,100,004 bytes long, beyond the 2,000,000 bytes a line may have: a cell holding a whole document, "
            + "or a quote opened and never closed); expected delimited text (CSV or TSV) with a header line", Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Theory]
    [InlineData("accounts.csv")]
    [InlineData("contacts.csv")]
    [InlineData("orders.csv")]
    public void Csv_NotTextAtAll_NamedForItsTable_IsBadInputNamingTheFile_NotAnErrorOfTheLookBeforeTheImport(string name)
    {
        // Files are looked at before they are staged (a partner list's flag, a flat sales file's customers): those looks pass over it.
        var bytes = new byte[3000];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(_ws.Files.File(name), bytes);

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([_ws.Files.File(name)]));

        var message = Assert.Single(error.Diagnostics).ToString();
        Assert.StartsWith($"{name}: cannot be read (", message, StringComparison.Ordinal);
        Assert.EndsWith("expected delimited text (CSV or TSV) with a header line", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("accounts.csv", "expected delimited text (CSV or TSV) with a header line")]
    [InlineData("accounts.xlsx", "expected an Excel workbook (.xlsx) with a header row in its first sheet")]
    [InlineData("accounts.parquet", "expected a Parquet file")]
    public void File_NotItsFormatAtAll_IsBadInputNamingTheFile_AndLoadsNothing(string name, string expected)
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));
        var path = _ws.Files.File(name);
        var random = new Random(7);
        var bytes = new byte[3000];
        random.NextBytes(bytes);
        File.WriteAllBytes(path, [.. (name.EndsWith(".xlsx", StringComparison.Ordinal) ? "PK\u0003\u0004"u8.ToArray() : []), .. bytes]);

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path], new ImportOptions(Table: "accounts")));

        var message = Assert.Single(error.Diagnostics).ToString();
        Assert.StartsWith($"{name}: cannot be read (", message, StringComparison.Ordinal);
        Assert.EndsWith(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), message, StringComparison.Ordinal);
        Assert.Equal(["A1"], _ws.Workspace.Strings("SELECT account_id FROM accounts"));
    }

    [Fact]
    public void Csv_ExcelSepLineFirst_NamesTheDelimiter_AndLinesKeepTheirNumbers()
    {
        var result = _ws.Import(null, ("accounts.csv", "sep=;\r\naccount_id;name;city\r\nA1;Acme, Inc.;Oslo\r\n"));
        Assert.Equal(";", result.Files[0].Delimiter);
        Assert.Contains("accounts.csv: the first line 'sep=;' names the delimiter; read with it", result.Files[0].Notes);
        Assert.Equal([["A1", "Acme, Inc.", "Oslo"]], _ws.Rows("SELECT account_id, name, city FROM accounts"));

        var error = _ws.ImportFails(null, ("accounts.csv", "sep=;\naccount_id;name;employees\nA2;Bolt;10\nA3;Core;many\n"));
        Assert.Equal("accounts.csv:4: column 'employees' value 'many': not a whole number", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void Csv_BlankLinesBeforeTheHeader_AreCountedInLineNumbers()
    {
        var error = _ws.ImportFails(null, ("accounts.csv", "\n\naccount_id,name,employees\nA1,Acme,10\nA2,Bolt,many\n"));
        Assert.Equal("accounts.csv:5: column 'employees' value 'many': not a whole number", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void Csv_SemicolonsAndQuotedNewlines_Load()
    {
        var result = _ws.Import(null, ("accounts.csv", "account_id;name;city\nA1;\"Acme\nNorth\";Oslo\nA2;\"Semi;colon\";Bergen\n"));
        Assert.Equal(";", result.Files[0].Delimiter);
        Assert.Equal("Acme\nNorth", _ws.Text("SELECT name FROM accounts WHERE account_id = 'A1'"));
        Assert.Equal("Semi;colon", _ws.Text("SELECT name FROM accounts WHERE account_id = 'A2'"));
    }

    [Fact]
    public void Csv_SemicolonsWithAFirstRecordOfAsManyCommas_IsReadWithTheHeaderLinesDelimiter()
    {
        // Sniffed alone, the commas of line 2 line up with the header's semicolons, and the file read as ',' columns
        // with line 1 skipped as a preamble: every later line was refused as malformed.
        var result = _ws.Import(null, ("accounts.csv", "account_id;name;employees\nA1;Smith, Jones, and Co;10\nA2;Beta GmbH;20\nA3;Gamma AG;30\nA4;Delta AG;40\n"));
        Assert.Equal(";", result.Files[0].Delimiter);
        Assert.Equal(["A1|Smith, Jones, and Co|10", "A2|Beta GmbH|20", "A3|Gamma AG|30", "A4|Delta AG|40"],
            _ws.Lines("SELECT account_id, name, employees FROM accounts ORDER BY 1"));
    }

    private const string BrokenQuoteExpected = "expected a closing quote right before the next delimiter or the line's end, and a quote inside a value written twice (\"\")";
    private const string BrokenQuoteWhy = ": fix this line's quotes; read without quotes, every quoted value of the file would keep its quote marks";

    [Theory]
    // One value whose quote is never closed: DuckDB's sniffer then read the whole file without quotes, and "Smith" loaded with its quote marks.
    [InlineData("A3,\"Smith\",5\nA4,Delta,6\nA5,Eps,7\nA6,\"Zeta,8\n",
        "accounts.csv:5: column 'name' value '\"Zeta,8': the quote opening this value is never closed (it runs to the end of the file); " + BrokenQuoteExpected
        + " (the file quotes values, as on line 2: '\"Smith\"')" + BrokenQuoteWhy)]
    // A quoted value holding the delimiter: it split in two, and the file was refused at line 2, which is sound, for its field count.
    [InlineData("A3,\"Smith, Jones\",5\nA4,\"Delta,6\nA5,Eps,7\n",
        "accounts.csv:3: column 'name' value '\"Delta,6': the quote opening this value is never closed (it runs to the end of the file); " + BrokenQuoteExpected
        + " (the file quotes values, as on line 2: '\"Smith, Jones\"')" + BrokenQuoteWhy)]
    [InlineData("A3,\"Smith\",5\nA4,\"Delta\" Inc,6\nA5,Eps,7\n",
        "accounts.csv:3: column 'name' value '\"Delta\" Inc': this quoted value goes on after its closing quote; " + BrokenQuoteExpected
        + " (the file quotes values, as on line 2: '\"Smith\"')" + BrokenQuoteWhy)]
    // The quote of line 2 is closed by the first quote of line 5: told where it opened.
    [InlineData("A3,\"Gamma,5\nA4,Delta,6\nA5,Eps,7\nA6,\"Zeta\",8\n",
        "accounts.csv:2: column 'name' value '\"Gamma,5': the quote opening this value is not closed on its line, only on line 5, where more text follows it; "
        + BrokenQuoteExpected + BrokenQuoteWhy)]
    // A file that quotes nothing else: its last value's quote never closes.
    [InlineData("A3,Gamma,5\nA4,\"Delta,6\n",
        "accounts.csv:3: column 'name' value '\"Delta,6': the quote opening this value is never closed (it runs to the end of the file); " + BrokenQuoteExpected + BrokenQuoteWhy)]
    // MySQL escapes a quote with a backslash: that reading goes further, so the quote never closed is told, not line 3's \".
    [InlineData("A3,\"Smith\",5\nA4,\"Del\\\"ta\",6\nA5,\"Eps,7\n",
        "accounts.csv:4: column 'name' value '\"Eps,7': the quote opening this value is never closed (it runs to the end of the file); " + BrokenQuoteExpected
        + " (the file quotes values, as on line 2: '\"Smith\"')" + BrokenQuoteWhy)]
    public void Csv_AMalformedQuote_IsRefusedWhereTheValueOpens_NotReadAsAFileWithoutQuotes(string rows, string expected)
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,employees\nA1,Acme,10\n"));

        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,employees\n" + rows));
        var lenient = _ws.ImportFails(new ImportOptions(Lenient: true), ("accounts.csv", "account_id,name,employees\n" + rows));

        Assert.Equal(expected, Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(expected, Assert.Single(lenient.Diagnostics).ToString());
        Assert.Equal(["A1|Acme|10"], _ws.Lines("SELECT account_id, name, employees FROM accounts"));
    }

    [Fact]
    public void Csv_QuotesInAFileThatQuotesNoValue_AreReadAsWritten()
    {
        // A tool that quotes nothing writes a name starting with a quote as it is; so do escaped quotes of a MySQL export.
        _ws.Import(null, ("accounts.csv", "account_id,name,employees\nA1,\"Gamma\" Inc,5\nA2,Gam\"ma,6\nA3,12\" Pipes,7\n"));
        _ws.Import(null, ("accounts.csv", "account_id,name,employees\nA4,\"Del\\\"ta\",8\n"));

        Assert.Equal(["A1|\"Gamma\" Inc", "A2|Gam\"ma", "A3|12\" Pipes", "A4|Del\"ta"], _ws.Lines("SELECT account_id, name FROM accounts ORDER BY 1"));
    }

    [Fact]
    public void Csv_SmallAllTextFileWithQuotesCommasAndSemicolonsInValues_KeepsItsCommaDialectAndHeader()
    {
        // Sniffed with errors ignored (as a read that stores rejects is), this file came out as ';' columns without a
        // header, and the import failed in DuckDB's sniffer (found by ImportPropertyTests, seed efFhy1fiin32).
        var csv = "account_id,name,industry,employees,annual_revenue,created_at\n"
            + "A0,\"a gc\",\"é_\",1625771,4959.68,2010-07-11\n"
            + "A1,\"eae\n-_;b\"\"\",\"'ié\"\"éj;-,ha\",,,2014-12-25\n"
            + "A2,\"-e_e.&&\",,480653,958826,2002-04-10\n"
            + "A3,\"eé.,chahef,\",\"b;'g;\",74714,0,2023-07-10\n"
            + "A4,\";h\"\"-a.-\",,115841,,2001-08-20\n"
            + "A5,\"e\"\"\",\"j,füa\",659991,253820.96,\n";

        var result = _ws.Import(null, ("accounts.csv", csv));

        Assert.Equal(6, result.RowsLoaded);
        Assert.Equal(",", result.Files[0].Delimiter);
        Assert.Equal("eae\n-_;b\"", _ws.Text("SELECT name FROM accounts WHERE account_id = 'A1'"));
        Assert.Equal("'ié\"éj;-,ha", _ws.Text("SELECT industry FROM accounts WHERE account_id = 'A1'"));
        Assert.Equal("j,füa", _ws.Text("SELECT industry FROM accounts WHERE account_id = 'A5'"));
    }

    [Fact]
    public void SalesforceReportFooter_ConfidentialityAndCopyrightLines_AreSkippedWithANote()
    {
        var result = _ws.Import(null, ("Accounts Report.csv", """
            "Account ID","Account Name","Industry"
            "A1","Acme, Inc.","Retail"
            "A2","Bolt","Banking"
            ""
            ""
            "Confidential Information - Do Not Distribute"
            "Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."

            """));
        Assert.Equal([["A1", "Acme, Inc.", "Retail"], ["A2", "Bolt", "Banking"]], _ws.Rows("SELECT account_id, name, industry FROM accounts ORDER BY account_id"));
        Assert.Equal(2, result.Files[0].RowsLoaded);
        Assert.Equal(0, result.Files[0].RowsRejected);
        Assert.Contains("lines 4-7 after the last row are a report footer (one cell each, such as \"Confidential Information - Do Not Distribute\"), not rows: skipped",
            result.Files[0].Notes);

        // A single-cell line between rows is no footer: still an error with its line.
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,industry\nA3,Cora,Retail\nA note\nA4,Dyn,Retail\n"));
        Assert.Equal("accounts.csv:3: expected 3 fields but found 1", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void SalesforceReportFooter_SavedThroughASpreadsheet_PaddedWithDelimiters_IsSkippedWithANote()
    {
        // Saved again from Excel, each footer line is padded to the header's width: as an accounts row its first cell
        // would be a key, and the row would load as an account named nothing.
        var result = _ws.Import(null, ("Accounts Report.csv", "Account ID,Account Name,Industry\r\nA1,\"Acme, Inc.\",Retail\r\nA2,Bolt,Banking\r\n,,\r\n"
            + "Confidential Information - Do Not Distribute,,\r\n\"Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved.\",,\r\n"));

        Assert.Equal(["A1", "A2"], _ws.Lines("SELECT account_id FROM accounts ORDER BY 1"));
        Assert.Equal((2L, 0L), (result.Files[0].RowsLoaded, result.Files[0].RowsRejected));
        Assert.Contains("lines 5-6 after the last row are a report footer (one cell each, such as \"Confidential Information - Do Not Distribute\"), not rows: skipped",
            result.Files[0].Notes);

        // Where the line cannot be a record (an order without its account or date), any words after the last record are the footer.
        _ws.Import(null, ("products.csv", "product_id,name\nP1,Desk\n"));
        var orders = _ws.Import(null, ("orders.csv", "order_id,account_id,order_date,product_id,amount\nO1,A1,2025-01-02,P1,10\n"
            + "Acme Inc. internal use only,,,,\nGenerated 2025-01-03 by Ann Lee,,,,\n"));
        Assert.Equal(["O1"], _ws.Lines("SELECT order_id FROM orders"));
        Assert.Contains("lines 3-4 after the last row are a report footer (one cell each, such as \"Acme Inc. internal use only\"), not rows: skipped", orders.Files[0].Notes);

        // A last account with only its id is a record missing its name, not a footer.
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,industry\nA3,Cora,Retail\nA4,,\n"));
        Assert.Equal("accounts.csv:3: column 'name': required value is missing; fill it in, or import with --lenient to load the other rows and set such rows aside in rejects", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void TrailingEmptyHeaders_AreIgnored()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,,\nA1,Acme,,\n"));
        Assert.Equal([["A1", "Acme"]], _ws.Rows("SELECT account_id, name FROM accounts"));
    }

    [Fact]
    public void ExportsJoinedEndToEnd_TheRepeatedHeaderLineIsSkippedWithANote()
    {
        const string Header = "Account ID,Account Name,Employees\r\n";
        var result = _ws.Import(null, ("accounts.csv", $"\uFEFF{Header}A1,Acme,10\r\n{Header}A2,Bolt,20\r\n\r\n{Header}A3,Cora,30\r\n"));
        Assert.Contains("accounts.csv: the header line is repeated on lines 3, 6 (files joined together?); skipped, not read as rows", result.Files[0].Notes);
        Assert.Equal([["A1", 10L], ["A2", 20L], ["A3", 30L]], _ws.Rows("SELECT account_id, employees FROM accounts ORDER BY 1"));
        Assert.Equal((3L, 0L), (result.Files[0].RowsLoaded, result.Files[0].RowsRejected));

        // Parts joined with a byte order mark each (cat of two UTF-8 exports): the mark does not make the header a row.
        var marked = _ws.Import(null, ("accounts.csv", $"\uFEFF{Header}A4,Dune,40\r\n\uFEFF{Header}A5,Echo,50\r\n"));
        Assert.Contains("accounts.csv: the header line is repeated on line 3 (files joined together?); skipped, not read as rows", marked.Files[0].Notes);
        Assert.Equal(0L, _ws.Count("SELECT count(*) FROM accounts WHERE account_id LIKE '%Account ID'"));
        Assert.Equal((2L, 0L), (marked.Files[0].RowsLoaded, marked.Files[0].RowsRejected));

        // Line numbers still count the skipped lines.
        var error = _ws.ImportFails(null, ("accounts.csv", $"{Header}A1,Acme,10\r\n{Header}A2,Bolt,x\r\n"));
        Assert.Equal("accounts.csv:4: column 'employees' value 'x': not a whole number", Assert.Single(error.Diagnostics).ToString());
    }

    [Theory]
    [InlineData("ACCOUNT_ID,NAME,INDUSTRY", "'ACCOUNT_ID', 'NAME', 'INDUSTRY'")]
    [InlineData("Account ID,Account Name,Industry", "'Account ID', 'Account Name', 'Industry'")]
    public void ExportsJoinedEndToEnd_AHeaderRepeatedInAnotherSpelling_IsSkippedWithANote(string again, string shown)
    {
        var result = _ws.Import(null, ("accounts.csv", $"account_id,name,industry\nA1,Acme,Software\n{again}\nA2,Beta,Retail\n"));

        Assert.Contains($"accounts.csv: the header line is repeated in another spelling on line 3 ({shown}; files joined together?); skipped, not read as rows", result.Files[0].Notes);
        Assert.Equal([["A1", "Acme", "Software"], ["A2", "Beta", "Retail"]], _ws.Rows("SELECT account_id, name, industry FROM accounts ORDER BY 1"));
        Assert.Equal((2L, 2L, 0L), (result.Files[0].RowsRead, result.Files[0].RowsLoaded, result.Files[0].RowsRejected));
    }

    [Fact]
    public void ExportsJoinedEndToEnd_AHeaderRepeatedInAnotherOrder_RefusesTheFile()
    {
        // The rows under it would load with their ids and names swapped.
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,industry\nA1,Acme,Software\nname,account_id,industry\nBeta,A2,Retail\n"));

        Assert.Equal("accounts.csv:3: the header line is repeated here with its columns in another order ('name', 'account_id', 'industry'; the header has "
            + "'account_id', 'name', 'industry'): the rows under it would be read into the wrong columns (files joined together?); import the parts as separate files",
            Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(0L, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void AnAccountIdThatIsAHeaderWord_WithValuesBeside_LoadsAsARecord()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,industry\nCustomer,Acme,Software\n"));
        Assert.Equal([["Customer", "Acme"]], _ws.Rows("SELECT account_id, name FROM accounts"));
    }

    [Fact]
    public void HeaderWithATrailingDelimiterTheRowsLack_IsReadWithoutIt()
    {
        var result = _ws.Import(new ImportOptions(Table: "accounts"), ("accounts.csv", "account_id,name,employees,\nA1,Acme,1\nA2,Beta,2\n"));

        Assert.Contains("accounts.csv: the header line ends with a delimiter after 'employees' that the rows do not have (an empty last header cell): read without it",
            result.Files[0].Notes);
        Assert.Equal([["A1", "Acme", 1L], ["A2", "Beta", 2L]], _ws.Rows("SELECT account_id, name, employees FROM accounts ORDER BY 1"));
    }

    [Fact]
    public void LinesOfOnlySpacesOrTabs_AreSkippedLikeBlankLines_WithANote()
    {
        var result = _ws.Import(null, ("accounts.csv", "account_id,name,employees\nA1,Acme,1\n   \nA2,Beta,2\n\t\nA3,Cora,3\n \n"));

        Assert.Contains("accounts.csv: 3 lines of only spaces or tabs (lines 3, 5, 7): skipped like blank lines", result.Files[0].Notes);
        Assert.Equal((3L, 3L, 0L), (result.Files[0].RowsRead, result.Files[0].RowsLoaded, result.Files[0].RowsRejected));

        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,employees\nA1,Acme,1\n   \nA2,Beta,x\n"));
        Assert.Equal("accounts.csv:4: column 'employees' value 'x': not a whole number", Assert.Single(error.Diagnostics).ToString());
    }

    [Theory]
    [InlineData("accounts.csv", new byte[] { 0x1F, 0x8B, 8, 0 }, "it is gzip-compressed data; name it with .gz at the end (such as accounts.csv.gz), which the import unpacks, or unpack it first")]
    [InlineData("accounts.csv.gz.gz", new byte[] { 0x1F, 0x8B, 8, 0 },
        "it is gzip-compressed, and the name before its .gz ends in no .csv, .tsv, .parquet or .xlsx (compressed twice?); unpack it until a .csv or .csv.gz is left")]
    [InlineData("accounts.csv", new byte[] { (byte)'P', (byte)'K', 3, 4, 20, 0 }, "it is a zip archive or an Excel workbook (.xlsx); name it .zip or .xlsx as it is")]
    [InlineData("accounts.csv", new byte[] { (byte)'P', (byte)'A', (byte)'R', (byte)'1' }, "it is a Parquet file; name it .parquet")]
    public void BinaryFileNamedAsText_IsRefusedSayingWhatItIs(string name, byte[] bytes, string what)
    {
        using (var text = new TestWorkspace())
        {
            text.Import(new ImportOptions(Table: "accounts"), ("accounts.csv", "PAR1 code,account_id,name\nx,A1,Acme\n"));
            Assert.Equal(1L, text.Count("SELECT count(*) FROM accounts"));
        }

        var path = _ws.Files.File(name);
        // A Parquet file ends with its mark too; a text file whose header starts "PAR1" is read as text.
        File.WriteAllBytes(path, [.. bytes, .. "account_id,name\nA1,Acme\n"u8.ToArray(), .. bytes]);

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path], new ImportOptions(Table: "accounts")));

        Assert.Equal($"{name}: cannot be read as text: {what}; expected delimited text (CSV or TSV) with a header line", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void LinesOfDelimitersOnly_AreSkippedWithANote_AndLineNumbersStillCountThem()
    {
        // Excel saves rows whose cells were cleared as ",,,": between records and after the last.
        const string Header = "Account ID,Account Name,Industry,Employees\r\n";
        var result = _ws.Import(null, ("accounts.csv", $"{Header}A1,Alpha,Retail,10\r\n,,,\r\nA2,Beta,Finance,20\r\n, ,,\r\n,,,\r\n"));
        Assert.Contains("accounts.csv: 3 lines of delimiters only (empty rows a spreadsheet saved): skipped, not read as rows", result.Files[0].Notes);
        Assert.Equal([["A1", 10L], ["A2", 20L]], _ws.Rows("SELECT account_id, employees FROM accounts ORDER BY 1"));
        Assert.Equal((2L, 2L, 0L), (result.Files[0].RowsRead, result.Files[0].RowsLoaded, result.Files[0].RowsRejected));

        // A row with one value is a row (and its problems are its own), and lines after skipped ones keep their numbers.
        var error = _ws.ImportFails(null, ("accounts.csv", $"{Header},,,\r\n,,,\r\nA3,,Retail,x\r\n"));
        Assert.Equal(["accounts.csv:4: column 'name': required value is missing ('Account Name' is blank); fill it in, or import with --lenient to load the other rows and set such rows aside in rejects", "accounts.csv:4: column 'employees' value 'x': not a whole number"],
            error.Diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("mdy", "3/5/24", "2024-03-05")]
    [InlineData("mdy", "12/31/99", "1999-12-31")]
    [InlineData("mdy", "5-Mar-24", "2024-03-05")]
    [InlineData("mdy", "05-MAR-24 10:30", "2024-03-05")]
    [InlineData("dmy", "5/3/24", "2024-03-05")]
    [InlineData("dmy", "5.3.24", "2024-03-05")]
    [InlineData("mdy", "3/5/2024", "2024-03-05")]
    public void TwoDigitYears_AreYearsOfThisCenturyOrTheLast_NotOfTheFirst(string order, string written, string expected)
    {
        using var ws = new TestWorkspace($"import:\n  date_order: {order}\n");
        ws.Import(null, ("accounts.csv", $"account_id,name,created_at\nA1,Acme,{written}\n"));
        Assert.Equal(expected, ws.Text("SELECT strftime(created_at, '%Y-%m-%d') FROM accounts"));
    }

    [Theory]
    [InlineData("Fri, 20 Nov 2026 10:15:00 GMT", "2026-11-20 10:15:00")]                                  // RFC 1123, as mail and HTTP write it
    [InlineData("Fri, 20 Nov 2026 10:15:00 +0100", "2026-11-20 09:15:00")]                                // RFC 822 with an offset
    [InlineData("Fri Nov 20 2026 10:15:00 GMT+0100 (Central European Standard Time)", "2026-11-20 09:15:00")] // JavaScript's Date.toString()
    [InlineData("2026-11-20T10:15:00 GMT+01:00", "2026-11-20 09:15:00")]                                  // an offset after GMT
    [InlineData("friday, 20-Nov-26 10:15:00 UT", "2026-11-20 10:15:00")]                                  // RFC 850
    [InlineData("Nov 20 2026", "2026-11-20 00:00:00")]                                                    // a named month without its comma
    public void Timestamps_TheLiveApiReads_TheImportReadsTheSame(string written, string expected)
    {
        LoadParents();
        _ws.Import(null, ("touchpoints.csv", $"event_id,account_id,occurred_at,channel\nE1,A1,\"{written}\",call\n"),
            ("orders.csv", $"order_id,account_id,product_id,order_date,amount\nO1,A1,P1,\"{written}\",10\n"));

        Assert.Equal(expected, _ws.Text("SELECT strftime(occurred_at, '%Y-%m-%d %H:%M:%S') FROM touchpoints"));
        Assert.Equal(expected[..10], _ws.Text("SELECT strftime(order_date, '%Y-%m-%d') FROM orders"));
    }

    [Theory]
    [InlineData("Tue, 20 Nov 2026 10:15:00 GMT")] // the weekday is not the date's
    [InlineData("2026-11-20 10:15 XYZ")]          // no zone read here
    [InlineData("Fri, 31 Nov 2026 10:15:00 GMT")] // no such day
    public void Timestamps_TheLiveApiRefuses_AreRefusedByTheImportToo(string written)
    {
        LoadParents();
        var error = _ws.ImportFails(null, ("touchpoints.csv", $"event_id,account_id,occurred_at,channel\nE1,A1,{written.Replace(",", "", StringComparison.Ordinal)},call\n"));
        Assert.StartsWith("touchpoints.csv:2: column 'occurred_at' value ", Assert.Single(error.Diagnostics).ToString(), StringComparison.Ordinal);
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM touchpoints"));
    }

    [Fact]
    public void TwoDigitYears_NoDateInTheWorkspacesOrder_IsRefused_AndTimesKeepTheirHour()
    {
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,created_at\nA1,Acme,31/12/24\n"));
        Assert.StartsWith("accounts.csv:2: column 'created_at' value '31/12/24': not a date with the month first", Assert.Single(error.Diagnostics).ToString(), StringComparison.Ordinal);

        LoadParents();
        _ws.Import(null, ("touchpoints.csv", "event_id,account_id,occurred_at,channel\nE1,A1,3/5/24 10:30 PM,call\n"));
        Assert.Equal("2024-03-05 22:30", _ws.Text("SELECT strftime(occurred_at, '%Y-%m-%d %H:%M') FROM touchpoints"));
    }

    [Fact]
    public void Csv_NothingButAByteOrderMark_IsAnEmptyFile()
    {
        var path = _ws.Files.File("accounts.csv");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, (byte)'\r', (byte)'\n']);
        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path]));
        Assert.Equal("accounts.csv: the file is empty (expected a header line)", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void MissingMarks_InTypedColumns_AreMissing_InTextColumnsKept()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,employees,annual_revenue,created_at,region\nA1,Acme,N/A,#N/A,null,NA\nA2,Bolt,-,NULL,n/a,EMEA\n"));
        Assert.Equal([["A1", null, null, null, "NA"], ["A2", null, null, null, "EMEA"]],
            _ws.Rows("SELECT account_id, employees, annual_revenue, created_at, region FROM accounts ORDER BY 1"));

        // In a column of allowed values too.
        LoadParents();
        _ws.Import(null, ("touchpoints.csv", "event_id,account_id,occurred_at,channel,direction\nE1,A1,2025-03-04 10:00,call,N/A\n"));
        Assert.Equal([["E1", null]], _ws.Rows("SELECT event_id, direction FROM touchpoints"));

        // In a required typed column a mark is a missing value, and said so.
        var error = _ws.ImportFails(null, ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2025-01-01,#N/A\n"));
        Assert.Equal("orders.csv:2: column 'amount': required value is missing; fill it in, or import with --lenient to load the other rows and set such rows aside in rejects", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void ExcelTextFormulas_KeepTheirText()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name,postal_code,employees\n\"=\"\"00123\"\"\",Acme,\"=\"\"02134\"\"\",\"=\"\"10\"\"\"\n"));
        Assert.Equal([["00123", "02134", 10L]], _ws.Rows("SELECT account_id, postal_code, employees FROM accounts ORDER BY 1"));
    }

    [Fact]
    public void Tsv_TabDelimited_Loads()
    {
        _ws.Import(null, ("accounts.tsv", "account_id\tname\nA1\tAcme, Inc.\n"));
        Assert.Equal("Acme, Inc.", _ws.Text("SELECT name FROM accounts"));
    }

    [Theory]
    [InlineData("1234.5", 1234.5)]
    [InlineData("1,234.5", 1234.5)]
    [InlineData("$1,234,567.25", 1234567.25)]
    [InlineData("-$12.50", -12.5)]
    [InlineData("(12.50)", -12.5)]
    [InlineData("$ 99", 99)]
    [InlineData("99 USD", 99)]
    [InlineData("1 234 567", 1234567)]
    [InlineData("1e3", 1000)]
    [InlineData("$1.5M", 1500000)]
    [InlineData("250k", 250000)]
    [InlineData("2.3bn", 2300000000)]
    [InlineData("1.1MM", 1100000)]
    [InlineData("USD 2M", 2000000)]
    [InlineData("(1.5K)", -1500)]
    [InlineData("12.5%", 0.125)]
    [InlineData("35 %", 0.35)]
    [InlineData("$ (1,234.50)", -1234.5)] // Excel's Accounting format: the currency before a negative's parentheses
    [InlineData("$ -", 0)] // and its zero
    [InlineData("- $", 0)]
    [InlineData("USD  -", 0)]
    public void Number_DecimalPointRule_Parses(string text, double expected)
    {
        LoadParents();
        _ws.Import(null, ("orders.csv", $"order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2025-01-01,\"{text}\"\n"));
        Assert.Equal(expected, Number("SELECT amount FROM orders"), 6);
    }

    [Fact]
    public void Amount_WrittenInTheWorkspacesCurrency_Reads_InAnotherIsRefusedNamingIt()
    {
        using var euro = new TestWorkspace("currency: EUR\n");
        euro.Import(null, ("accounts.csv", "account_id,name,annual_revenue\nA1,Acme,€ 99\nA2,Beta,99 EUR\nA3,Gamma,\"EUR 1,500\"\n"));
        Assert.Equal([["A1", 99.0], ["A2", 99.0], ["A3", 1500.0]], euro.Rows("SELECT account_id, annual_revenue FROM accounts ORDER BY account_id"));

        // Each is refused in a dollar workspace, and a dollar amount in the euro one; amounts are never converted.
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,annual_revenue\nA1,Acme,€ 99\nA2,Beta,£5M\nA3,Gamma,99 EUR\nA4,Delta,$1M - $5M\n"));
        const string Refused = "written in another currency than USD, this workspace's currency (currency: in sightline.yaml); amounts are not converted: "
            + "convert them before importing, or import them into a workspace of that currency";
        Assert.Equal([
            "accounts.csv:2: column 'annual_revenue' value '€ 99': " + Refused,
            "accounts.csv:3: column 'annual_revenue' value '£5M': " + Refused,
            "accounts.csv:4: column 'annual_revenue' value '99 EUR': " + Refused], error.Diagnostics.Select(d => d.ToString()));
        Assert.StartsWith("accounts.csv:2: column 'annual_revenue' value '$1M - $5M': written in another currency than EUR",
            Assert.Single(euro.ImportFails(null, ("accounts.csv", "account_id,name,annual_revenue\nA4,Delta,$1M - $5M\n")).Diagnostics).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Amount_OfARowWhoseCurrencyColumnNamesAnotherCurrency_IsRefused()
    {
        // A multi-currency Salesforce org's export: the row's amount is in the currency its own column names.
        LoadParents();
        var error = _ws.ImportFails(null, ("orders.csv",
            "order_id,account_id,product_id,order_date,amount,Order Currency\nO1,A1,P1,2025-01-01,100,USD\nO2,A1,P1,2025-01-01,100,eur\nO3,A1,P1,2025-01-01,100,usd\n"));
        Assert.Equal("orders.csv:3: column 'order_currency' value 'eur': the row's amounts are in this currency, not in USD, this workspace's currency "
            + "(currency: in sightline.yaml); amounts are not converted: convert them before importing, or import them into a workspace of that currency",
            Assert.Single(error.Diagnostics).ToString());

        // Without an amount the row's currency does not matter: an account list naming each account's currency loads.
        _ws.Import(null, ("accounts.csv", "account_id,name,Currency\nA7,Zeta,EUR\n"));
        Assert.Equal("EUR", _ws.Text("SELECT currency FROM accounts WHERE account_id = 'A7'"));
    }

    [Theory]
    [InlineData("Währung", "w_hrung")]
    [InlineData("Waehrung", "waehrung")]
    [InlineData("Belegwährung", "belegw_hrung")]
    [InlineData("Devise", "devise")]
    [InlineData("Moneda", "moneda")]
    [InlineData("Valuta", "valuta")]
    [InlineData("Moeda", "moeda")]
    public void Amount_OfARowWhoseEuropeanCurrencyColumnNamesAnotherCurrency_IsRefused(string header, string column)
    {
        // A German ERP's order lines (Auftrag, Kunde, Artikel, Datum, Betrag, Währung), and their French, Spanish, Italian and
        // Portuguese kin: the row's currency column is checked as an English "Currency" is.
        LoadParents();
        var error = _ws.ImportFails(null, ("orders.csv",
            $"order_id,account_id,product_id,order_date,amount,{header}\nO1,A1,P1,2025-01-01,100,USD\nO2,A1,P1,2025-01-01,1200,EUR\n"));
        Assert.Equal($"orders.csv:3: column '{column}' value 'EUR': the row's amounts are in this currency, not in USD, this workspace's currency "
            + "(currency: in sightline.yaml); amounts are not converted: convert them before importing, or import them into a workspace of that currency",
            Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(0L, (long)_ws.Workspace.Scalar("SELECT count(*) FROM orders")!);
    }

    [Fact]
    public void Amount_OfARowWhoseCurrencyIsWrittenAsItsSignOrName_ReadsInThatCurrency()
    {
        using var euro = new TestWorkspace("currency: EUR\nimport:\n  number_format: decimal_comma\n");
        euro.Import(null, ("accounts.csv", "account_id,name\nK1,Müller GmbH\n"), ("products.csv", "product_id,name\nA7,Schraube\n"));
        euro.Import(null, ("orders.csv", "order_id;account_id;product_id;order_date;amount;Währung\nB1;K1;A7;2025-01-01;1.200,50;€\nB2;K1;A7;2025-01-02;80;Euro\nB3;K1;A7;2025-01-03;5;eur\n"));
        Assert.Equal([["B1", 1200.5], ["B2", 80.0], ["B3", 5.0]], euro.Rows("SELECT order_id, amount::DOUBLE FROM orders ORDER BY 1"));

        var dollars = euro.ImportFails(null, ("orders.csv", "order_id;account_id;product_id;order_date;amount;Währung\nB4;K1;A7;2025-01-04;10;$\n"));
        Assert.StartsWith("orders.csv:2: column 'w_hrung' value '$': the row's amounts are in this currency, not in EUR", Assert.Single(dollars.Diagnostics).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12,5", true)]
    [InlineData("1,23", true)]
    [InlineData("12$34", false)]
    [InlineData("(12", false)]
    [InlineData("--5", false)]
    [InlineData("inf", false)]
    [InlineData("NaN", false)]
    [InlineData("1.5KM", false)]
    [InlineData("M", false)]
    [InlineData("$ --", false)]
    public void Number_Ambiguous_IsRejected(string text, bool decimalComma)
    {
        LoadParents();
        var error = _ws.ImportFails(null, ("orders.csv", $"order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2025-01-01,\"{text}\"\n"));
        var why = decimalComma // a decimal comma in a decimal-point workspace: the message names the setting
            ? "not a number with a decimal point as this workspace reads them (e.g. 1,234.56); it is written with a decimal comma: if the file writes 1.234,56, set number_format: decimal_comma under import: in sightline.yaml"
            : "not a number (expected e.g. 1234.56, 1,234.56 or $1,234.56)";
        Assert.Equal($"orders.csv:2: column 'amount' value '{text}': {why}", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void Number_WithAMagnitude_IsExactlyTheScaledDecimal()
    {
        LoadParents();
        _ws.Import(null, ("orders.csv", "order_id,account_id,product_id,order_date,amount\nO1,A1,P1,2025-01-01,1.1M\nO2,A1,P1,2025-01-01,0.3k\n"));
        Assert.Equal([["O1", 1_100_000.0], ["O2", 300.0]], _ws.Rows("SELECT order_id, amount FROM orders ORDER BY order_id"));
    }

    [Theory]
    [InlineData("ranges were read as their midpoints", "1 value written as a range was read as its midpoint")]
    [InlineData("open-ended ranges were read as their lower bounds", "1 value written as an open-ended range was read as its lower bound")]
    [InlineData("Excel serial day numbers were read as dates", "1 value written as an Excel serial day number was read as a date")]
    [InlineData("Unix epoch seconds were read as dates", "1 value written as Unix epoch seconds was read as a date")]
    [InlineData("Unix epoch milliseconds were read as dates", "1 value written as Unix epoch milliseconds was read as a date")]
    [InlineData("Salesforce 15-character ids were read as their 18-character form", "1 value written as a Salesforce 15-character id was read as its 18-character form")]
    [InlineData(ValueParsing.SeveralIds, "1 value written as " + ValueParsing.SeveralIds)]
    public void ValuesReadAs_OneValue_IsToldInTheSingular_AndTwoInThePlural(string reading, string one)
    {
        Assert.Equal(one, ValueParsing.ValuesReadAs(1, reading));
        Assert.Equal($"2 values written as {reading}", ValueParsing.ValuesReadAs(2, reading));
        Assert.Equal($"1,200 values written as {reading}", ValueParsing.ValuesReadAs(1_200, reading));
        Assert.Equal(7, ValueParsing.ReadingOfOne.Count);
    }

    [Fact]
    public void SizeBands_EmployeesAndRevenueAsRanges_ReadAsMidpointsOrLowerBoundsWithNotes()
    {
        var result = _ws.Import(null, ("accounts.csv", """
            account_id,name,employees,annual_revenue
            A1,Acme,51-200,$1M - $5M
            A2,Bolt,"10,001+",$50M+
            A3,Cora,1 to 10,2.5M
            A4,Dyn,5000,
            A5,Eon,"1,001–5,000","1,200,000"

            """));
        Assert.Equal([["A1", 126L, 3_000_000.0], ["A2", 10_001L, 50_000_000.0], ["A3", 6L, 2_500_000.0], ["A4", 5_000L, null], ["A5", 3_001L, 1_200_000.0]],
            _ws.Rows("SELECT account_id, employees, annual_revenue FROM accounts ORDER BY account_id"));
        Assert.Equal([
            "annual_revenue: 1 value written as a range was read as its midpoint (e.g. $1M - $5M is 3000000)",
            "annual_revenue: 1 value written as an open-ended range was read as its lower bound (e.g. $50M+ is 50000000)",
            "employees: 1 value written as an open-ended range was read as its lower bound (e.g. 10,001+ is 10001)",
            "employees: 3 values written as ranges were read as their midpoints (e.g. 1 to 10 is 6)"],
            result.Files[0].Notes.Where(n => n.Contains(" written as ", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

        // The magnitude written once, after the high end, is the low end's too ($1-5M was stored as 2,500,000.5).
        _ws.Import(null, ("accounts.csv", "account_id,name,employees,annual_revenue\nB1,Bee,1-5K,$1-5M\nB2,Cee,10-50,$500K-1M\n"));
        Assert.Equal([["B1", 3_000L, 3_000_000.0], ["B2", 30L, 750_000.0]],
            _ws.Rows("SELECT account_id, employees, annual_revenue FROM accounts WHERE account_id LIKE 'B%' ORDER BY account_id"));

        // A band the wrong way round, or one side not a number, is no size.
        var error = _ws.ImportFails(null, ("accounts.csv", "account_id,name,employees\nA9,Nine,200-51\nA8,Eight,10-many\nA7,Seven,1e30-2e30\n"));
        Assert.Equal(["accounts.csv:2: column 'employees' value '200-51': not a whole number", "accounts.csv:3: column 'employees' value '10-many': not a whole number",
            "accounts.csv:4: column 'employees' value '1e30-2e30': not a whole number"],
            error.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Number_DecimalCommaSetting_ReadsEuropeanNumbers()
    {
        using var ws = new TestWorkspace("import:\n  number_format: decimal_comma\n  date_order: dmy\n");
        ws.Import(null, ("accounts.csv", "account_id;name;annual_revenue;created_at\nA1;Acme;1.234,5;31/12/2024\nA2;Beta;12,25;01.02.2023\nA3;Gamma;1.234;2024-03-04\n"));
        var rows = ws.Rows("SELECT account_id, annual_revenue, created_at::VARCHAR FROM accounts ORDER BY account_id");
        Assert.Equal(new object?[] { "A1", 1234.5, "2024-12-31" }, rows[0]);
        Assert.Equal(new object?[] { "A2", 12.25, "2023-02-01" }, rows[1]);
        Assert.Equal(new object?[] { "A3", 1234.0, "2024-03-04" }, rows[2]);
    }

    [Theory]
    [InlineData("\u00A0")]
    [InlineData("\u202F")]
    [InlineData("\u2009")]
    public void Number_DecimalCommaSetting_GroupsSeparatedByAnyFrenchSpace_AreRead(string space)
    {
        using var ws = new TestWorkspace("currency: EUR\nimport:\n  number_format: decimal_comma\n");
        ws.Import(null, ("accounts.csv", $"account_id;name;employees;annual_revenue\nF2;Beta;2{space}500;12{space}345,00{space}€\nF3;Gamma;1{space}234{space}567;€{space}3{space}000\n"));
        Assert.Equal([["F2", 2_500L, 12_345.0], ["F3", 1_234_567L, 3_000.0]], ws.Rows("SELECT account_id, employees, annual_revenue FROM accounts ORDER BY account_id"));
    }

    [Fact]
    public void Number_DecimalCommaSetting_ADecimalPointNumber_NamesTheSettingToChange()
    {
        using var ws = new TestWorkspace("import:\n  number_format: decimal_comma\n");
        var error = ws.ImportFails(null, ("accounts.csv", "account_id;name;annual_revenue\nA1;Acme;1,234.56\nA2;Beta;1 234.56 €\n"));
        const string DecimalPoint = "not a number with a decimal comma as this workspace reads them (e.g. 1.234,56); "
            + "it is written with a decimal point: if the file writes 1,234.56, set number_format: decimal_point under import: in sightline.yaml";
        Assert.Equal([$"accounts.csv:2: column 'annual_revenue' value '1,234.56': {DecimalPoint}", $"accounts.csv:3: column 'annual_revenue' value '1 234.56 €': {DecimalPoint}"],
            error.Diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("2024-03-04", "2024-03-04")]
    [InlineData("3/4/2024", "2024-03-04")]
    [InlineData("03/04/2024", "2024-03-04")]
    [InlineData("2024/03/04", "2024-03-04")]
    [InlineData("04.03.2024", "2024-03-04")]
    [InlineData("2024-03-04 10:11:12", "2024-03-04")]
    [InlineData("4-Mar-2024", "2024-03-04")]
    [InlineData("Mar 4, 2024 10:00 AM", "2024-03-04")]
    [InlineData("3/4/2024, 4:30 PM", "2024-03-04")]
    public void Date_DocumentedFormats_Parse(string text, string expected)
    {
        _ws.Import(null, ("accounts.csv", $"account_id,name,created_at\nA1,Acme,\"{text}\"\n"));
        Assert.Equal(expected, _ws.Text("SELECT created_at::VARCHAR FROM accounts"));
    }

    [Fact]
    public void DatesWrittenAsNumbers_ExcelSerialsAndUnixEpochs_ReadWithANotePerKind()
    {
        var accounts = _ws.Import(null, ("accounts.csv", "account_id,name,created_at\nA1,Acme,45123\nA2,Bolt,45124.75\nA3,Cora,2024-03-04\n"));
        Assert.Equal([["A1", "2023-07-16"], ["A2", "2023-07-17"], ["A3", "2024-03-04"]],
            _ws.Rows("SELECT account_id, created_at::VARCHAR FROM accounts ORDER BY account_id"));
        Assert.Contains("created_at: 2 values written as Excel serial day numbers were read as dates (e.g. 45123 is 2023-07-16)", accounts.Files[0].Notes);

        LoadParents();
        var touches = _ws.Import(null, ("touchpoints.csv", """
            event_id,account_id,occurred_at,channel
            E1,A1,45123.75,call
            E2,A1,1700000000,call
            E3,A1,1700000000123,call
            E4,A1,2025-03-04 10:00,call

            """));
        Assert.Equal([["E1", "2023-07-16 18:00:00"], ["E2", "2023-11-14 22:13:20"], ["E3", "2023-11-14 22:13:20.123"], ["E4", "2025-03-04 10:00:00"]],
            _ws.Rows("SELECT event_id, occurred_at::VARCHAR FROM touchpoints ORDER BY event_id"));
        Assert.Equal([
            "occurred_at: 1 value written as an Excel serial day number was read as a date (e.g. 45123.75 is 2023-07-16 18:00:00)",
            "occurred_at: 1 value written as Unix epoch milliseconds was read as a date (e.g. 1700000000123 is 2023-11-14 22:13:20.123)",
            "occurred_at: 1 value written as Unix epoch seconds was read as a date (e.g. 1700000000 is 2023-11-14 22:13:20)"],
            touches.Files[0].Notes.Where(n => n.StartsWith("occurred_at:", StringComparison.Ordinal)));

        // Outside 1950-2099 a five-digit number is no date; nor is a number of other lengths.
        foreach (var number in new[] { "12345", "99999", "123456" })
        {
            var error = _ws.ImportFails(null, ("accounts.csv", $"account_id,name,created_at\nA9,Nine,{number}\n"));
            Assert.Equal($"accounts.csv:2: column 'created_at' value '{number}': not a date (expected YYYY-MM-DD or MM/DD/YYYY)", Assert.Single(error.Diagnostics).ToString());
        }
    }

    [Theory]
    [InlineData("2025-03-14T10:00:00.000+0000", "2025-03-14 10:00:00")]
    [InlineData("2025-03-14T10:00:00.000Z", "2025-03-14 10:00:00")]
    [InlineData("2025-03-14 10:00:00 UTC", "2025-03-14 10:00:00")]
    [InlineData("3/14/2025 10:00 AM", "2025-03-14 10:00:00")]
    [InlineData("3/14/2025 10:00:00 PM", "2025-03-14 22:00:00")]
    [InlineData("3/14/2025, 10:00 AM", "2025-03-14 10:00:00")]
    [InlineData("Mar 14, 2025 10:00 AM", "2025-03-14 10:00:00")]
    [InlineData("March 14, 2025 10:00 AM", "2025-03-14 10:00:00")]
    [InlineData("14-Mar-2025 10:00", "2025-03-14 10:00:00")]
    [InlineData("2025-03-14 10:00", "2025-03-14 10:00:00")]
    [InlineData("2025-03-14T10:00:00+02:00", "2025-03-14 08:00:00")]
    [InlineData("2025-03-14 10:00:00-05", "2025-03-14 15:00:00")]
    [InlineData("3/14/2025 10:00am", "2025-03-14 10:00:00")]
    [InlineData("2025-03-14 10:00:00.123456", "2025-03-14 10:00:00.123456")]
    [InlineData("2025-03-14 12:00:00 PM", "2025-03-14 12:00:00")] // an ISO date with a 12-hour time was stored as midnight
    [InlineData("2025-03-14 12:30 AM", "2025-03-14 00:30:00")]
    [InlineData("2025-03-14 03:15 PM", "2025-03-14 15:15:00")]
    [InlineData("2025-03-14 10:00 +01:00", "2025-03-14 09:00:00")]
    [InlineData("2025-03-14 10:00 EST", "2025-03-14 15:00:00")]
    [InlineData("2025-03-14 10:00:00 pdt", "2025-03-14 17:00:00")]
    [InlineData("3/14/2025 10:00 AM CET", "2025-03-14 09:00:00")]
    [InlineData("14 Mar 2025 10:00 UT", "2025-03-14 10:00:00")]
    [InlineData("2025-03-14 10:00 BST", "2025-03-14 09:00:00")]
    [InlineData("2025-03-14", "2025-03-14 00:00:00")]
    public void Timestamp_CrmExportFormats_Parse(string text, string expected)
    {
        LoadParents();
        _ws.Import(null, ("touchpoints.csv", $"event_id,account_id,occurred_at,channel\nE1,A1,\"{text}\",call\n"));
        Assert.Equal(expected, _ws.Text("SELECT occurred_at::VARCHAR FROM touchpoints"));
    }

    [Theory]
    [InlineData("2025-03-14 10:00 IST")]
    [InlineData("2025-03-14 25:00")]
    [InlineData("2025-03-14 10:00 Europe/Atlantis")]
    public void Timestamp_WithATimeNotRead_IsRefused_NotStoredAsMidnight(string text)
    {
        LoadParents();
        var error = _ws.ImportFails(null, ("touchpoints.csv", $"event_id,account_id,occurred_at,channel\nE1,A1,2025-03-14 09:00,call\nE2,A1,{text},call\n"));
        Assert.Equal($"touchpoints.csv:3: column 'occurred_at' value '{text}': not a date and time (expected YYYY-MM-DD HH:MM:SS, with an offset such as +01:00 or a zone such as EST when not UTC)",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void Timestamp_DayFirstWorkspace_ReadsDayFirstWithTwelveHourTimes()
    {
        using var ws = new TestWorkspace("import:\n  date_order: dmy\n");
        ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));
        ws.Import(null, ("touchpoints.csv", "event_id,account_id,occurred_at,channel\nE1,A1,14/03/2025 10:00 PM,call\nE2,A1,\"04/03/2025, 09:15\",call\n"));
        Assert.Equal([["E1", "2025-03-14 22:00:00"], ["E2", "2025-03-04 09:15:00"]], ws.Rows("SELECT event_id, occurred_at::VARCHAR FROM touchpoints ORDER BY event_id"));
    }

    [Fact]
    public void Timestamp_IsoWithOffset_StoredAsUtc()
    {
        LoadParents();
        _ws.Import(null, ("touchpoints.csv", "event_id,account_id,occurred_at,channel,direction\nE1,A1,2025-03-04T10:00:00+02:00,Phone,Inbound\nE2,A1,3/5/2025 14:30,e-mail,out\n"));
        var rows = _ws.Rows("SELECT event_id, occurred_at::VARCHAR, channel, direction FROM touchpoints ORDER BY event_id");
        Assert.Equal(new object?[] { "E1", "2025-03-04 08:00:00", "call", "in" }, rows[0]);
        Assert.Equal(new object?[] { "E2", "2025-03-05 14:30:00", "email", "out" }, rows[1]);
    }

    [Fact]
    public void Touchpoints_ActivityTypesOfCrmExports_MapToChannelsAndDirections()
    {
        LoadParents();
        _ws.Import(null, ("touchpoints.csv", """
            event_id,account_id,occurred_at,channel,direction
            E1,A1,2025-03-04 10:00,Phone Call,Incoming
            E2,A1,2025-03-04 10:00,LinkedIn Message,Outgoing
            E3,A1,2025-03-04 10:00,Incoming Email,Received
            E4,A1,2025-03-04 10:00,Live Chat,in
            E5,A1,2025-03-04 10:00,Trade Show,
            E6,A1,2025-03-04 10:00,Support Case,Sent
            E7,A1,2025-03-04 10:00,Page View,
            E8,A1,2025-03-04 10:00,Video Call,
            E9,A1,2025-03-04 10:00,LinkedIn - Send Connection Request,Outbound

            """));
        Assert.Equal(
            [["E1", "call", "in"], ["E2", "social", "out"], ["E3", "email", "in"], ["E4", "chat", "in"], ["E5", "event", null], ["E6", "support", "out"], ["E7", "web", null], ["E8", "meeting", null],
                ["E9", "social", "out"]],
            _ws.Rows("SELECT event_id, channel, direction FROM touchpoints ORDER BY event_id"));
    }

    [Fact]
    public void Parquet_LoadsWithRowNumbersInMessages()
    {
        var good = _ws.Files.File("accounts.parquet");
        _ws.Workspace.Execute($"COPY (SELECT 'A' || i AS account_id, 'Company ' || i AS name, i * 10 AS employees FROM range(1, 6) t(i)) TO '{good}' (FORMAT parquet)");
        var result = _ws.ImportPaths([good]);
        Assert.Equal(("parquet", 5L), (result.Files[0].Format, result.Files[0].RowsLoaded));
        Assert.Equal(50, _ws.Count("SELECT employees FROM accounts WHERE account_id = 'A5'"));

        Directory.CreateDirectory(_ws.Files.File("bad"));
        var bad = _ws.Files.File("bad/accounts.parquet");
        _ws.Workspace.Execute($"COPY (SELECT 'B' || i AS account_id, 'Company ' || i AS name, CASE WHEN i = 3 THEN -1 ELSE i END AS employees FROM range(1, 6) t(i)) TO '{bad}' (FORMAT parquet)");
        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([bad]));
        Assert.Equal("accounts.parquet:3: column 'employees' value '-1': must not be negative", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void Xlsx_SalesforceHeaders_LoadWithSheetRowNumbers()
    {
        var path = _ws.Files.File("Accounts.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object?> { ["Account ID"] = "001A", ["Account Name"] = "Acme", ["Employees"] = 120, ["Created Date"] = new DateTime(2023, 5, 6) },
            new Dictionary<string, object?> { ["Account ID"] = "001B", ["Account Name"] = "Beta", ["Employees"] = 7.5, ["Created Date"] = new DateTime(2023, 5, 7) },
        });
        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path]));
        Assert.Equal("Accounts.xlsx:3: column 'employees' value '7.5': not a whole number", Assert.Single(error.Diagnostics).ToString());

        var fixedPath = _ws.Files.File("fixed/accounts.xlsx");
        Directory.CreateDirectory(Path.GetDirectoryName(fixedPath)!);
        MiniExcel.SaveAs(fixedPath, new[]
        {
            new Dictionary<string, object?> { ["Account ID"] = "001A", ["Account Name"] = "Acme", ["Employees"] = 120, ["Created Date"] = new DateTime(2023, 5, 6) },
        });
        _ws.ImportPaths([fixedPath]);
        Assert.Equal(new object?[] { "001A", "Acme", 120L, "2023-05-06" }, _ws.Rows("SELECT account_id, name, employees, created_at::VARCHAR FROM accounts")[0]);
    }

    [Fact]
    public void Xlsx_NumericIdsOfSixteenDigitsOrMore_AreRefused_TheirDigitsWereLostInTheWorkbook()
    {
        // A number cell is a double: 12345678901234567890 is kept as 1.2345678901234567E+19, and until 2026-12-07 loaded so.
        var path = _ws.Files.File("Accounts.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object?> { ["Account ID"] = 123456789012L, ["Account Name"] = "Acme" },
            new Dictionary<string, object?> { ["Account ID"] = 12345678901234567890d, ["Account Name"] = "Beta" },
        });

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path]));
        Assert.Equal("Accounts.xlsx:3: column 'account_id' value '1.2345678901234567E+19': is a number in scientific notation, as Excel shows a long numeric id: "
            + "the digits after the first few are lost, so ids that differed look alike now; format the column as Text in the spreadsheet (or export again from the "
            + "CRM without opening the file in Excel) and import the full ids", Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void Xlsx_1904DateSystem_DatesCountFrom1904_WithANote()
    {
        var path = _ws.Files.File("Accounts.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object?> { ["Account ID"] = "001A", ["Account Name"] = "Acme", ["Created Date"] = new DateTime(2019, 7, 15) },
        });
        using (var archive = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = archive.GetEntry("xl/workbook.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            entry.Delete();
            // Right after the root element's start tag, where Excel writes it.
            var rootEnd = xml.IndexOf('>', xml.IndexOf("workbook ", StringComparison.Ordinal)) + 1;
            using var writer = new StreamWriter(archive.CreateEntry("xl/workbook.xml").Open());
            writer.Write(xml[..rootEnd] + "<workbookPr date1904=\"1\"/>" + xml[rootEnd..]);
        }

        var result = _ws.ImportPaths([path]);
        // Serial 43661 is 2019-07-15 counted from 1900, and 2023-07-16 counted from 1904, as Excel shows it.
        Assert.Equal("2023-07-16", _ws.Text("SELECT created_at::VARCHAR FROM accounts"));
        Assert.Contains("Accounts.xlsx: the workbook uses the 1904 date system (older Excel for Mac): its dates were read from 1904-01-01, 1,462 days later than the 1900 system's",
            result.Files[0].Notes);
    }

    [Fact]
    public void Xlsx_EmptyRowsBetweenRecords_AreSkipped_AndErrorsKeepTheirSheetRow()
    {
        var path = _ws.Files.File("Accounts.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object?> { ["Account ID"] = "001A", ["Account Name"] = "Acme", ["Employees"] = 120 },
            new Dictionary<string, object?> { ["Account ID"] = null, ["Account Name"] = null, ["Employees"] = null },
            new Dictionary<string, object?> { ["Account ID"] = "001C", ["Account Name"] = "Core", ["Employees"] = 7.5 },
        });

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path]));
        Assert.Equal("Accounts.xlsx:4: column 'employees' value '7.5': not a whole number", Assert.Single(error.Diagnostics).ToString());

        var fixedPath = _ws.Files.File("fixed/Accounts.xlsx");
        Directory.CreateDirectory(Path.GetDirectoryName(fixedPath)!);
        MiniExcel.SaveAs(fixedPath, new[]
        {
            new Dictionary<string, object?> { ["Account ID"] = "001A", ["Account Name"] = "Acme", ["Employees"] = 120 },
            new Dictionary<string, object?> { ["Account ID"] = null, ["Account Name"] = null, ["Employees"] = null },
            new Dictionary<string, object?> { ["Account ID"] = "001C", ["Account Name"] = "Core", ["Employees"] = 7 },
        });
        _ws.ImportPaths([fixedPath]);
        Assert.Equal(["001A", "001C"], _ws.Workspace.Strings("SELECT account_id FROM accounts ORDER BY account_id"));
    }

    [Fact]
    public void Xlsx_ReportTitleBlockAboveTheHeader_IsSkipped_WithSheetRowNumbers()
    {
        var path = _ws.Files.File("Accounts report.xlsx");
        Dictionary<string, object?> Row(object? a, object? b = null, object? c = null) => new() { ["A"] = a, ["B"] = b, ["C"] = c };
        MiniExcel.SaveAs(path, new[]
        {
            Row("Accounts by owner"), Row("Filtered by:", "Region equals EMEA"), Row(null),
            Row("Account ID", "Account Name", "Employees"), Row("001A", "Acme", 120), Row("001B", "Beta", 7.5),
        }, printHeader: false);

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path], new ImportOptions(Table: "accounts")));
        Assert.Equal("Accounts report.xlsx:6: column 'employees' value '7.5': not a whole number", Assert.Single(error.Diagnostics).ToString());

        var fixedPath = _ws.Files.File("fixed/Accounts report.xlsx");
        Directory.CreateDirectory(Path.GetDirectoryName(fixedPath)!);
        MiniExcel.SaveAs(fixedPath, new[]
        {
            Row("Accounts by owner"), Row(null), Row("Account ID", "Account Name", "Employees"), Row("001A", "Acme", 120),
        }, printHeader: false);
        var result = _ws.ImportPaths([fixedPath], new ImportOptions(Table: "accounts"));
        Assert.Contains("Accounts report.xlsx: the header is on sheet row 3; rows 1-2 above it (a report's title block) were skipped", result.Files[0].Notes);
        Assert.Equal([["001A", "Acme", 120L]], _ws.Rows("SELECT account_id, name, employees FROM accounts"));
    }

    [Fact]
    public void Xlsx_ReportFooterBelowTheRecords_IsSkippedWithANote_AOneCellRowBetweenRecordsIsNot()
    {
        var path = _ws.Files.File("Accounts report.xlsx");
        Dictionary<string, object?> Row(object? a, object? b = null, object? c = null) => new() { ["A"] = a, ["B"] = b, ["C"] = c };
        MiniExcel.SaveAs(path, new[]
        {
            Row("Account ID", "Account Name", "Employees"), Row("001A", "Acme", 120), Row("001B", "Beta", 7), Row(null),
            Row("Confidential Information - Do Not Distribute"), Row("Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."),
        }, printHeader: false);
        var result = _ws.ImportPaths([path], new ImportOptions(Table: "accounts"));
        Assert.Contains("Accounts report.xlsx: sheet rows 5-6 after the last record are a report footer (one cell each, such as \"Confidential Information - Do Not Distribute\"), not rows: skipped",
            result.Files[0].Notes);
        Assert.Equal([["001A", "Acme", 120L], ["001B", "Beta", 7L]], _ws.Rows("SELECT account_id, name, employees FROM accounts ORDER BY 1"));

        var middle = _ws.Files.File("middle/Accounts.xlsx");
        Directory.CreateDirectory(Path.GetDirectoryName(middle)!);
        MiniExcel.SaveAs(middle, new[] { Row("Account ID", "Account Name", "Employees"), Row("001C", "Cora", 3), Row("001D"), Row("001E", "Eon", 4) }, printHeader: false);
        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([middle], new ImportOptions(Table: "accounts")));
        Assert.Equal("Accounts.xlsx:3: column 'name': required value is missing ('Account Name' is blank); fill it in, or import with --lenient to load the other rows and set such rows aside in rejects", Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void Xlsx_TwoColumnsWithOneHeader_AColumnWithoutHeader_AndANumberHeader_AreReadAsACsvsWouldBe()
    {
        // Before, cells were keyed by header text: the second "Industry" overwrote the first and column E vanished.
        var path = _ws.Files.File("accounts.xlsx");
        Dictionary<string, object?> Row(object? a, object? b, object? c, object? d, object? e, object? f) =>
            new() { ["A"] = a, ["B"] = b, ["C"] = c, ["D"] = d, ["E"] = e, ["F"] = f };
        MiniExcel.SaveAs(path, new[]
        {
            Row("Account ID", "Account Name", "Industry", "Industry", null, 2024),
            Row("001A", "Acme", "Retail", "Food", "x1", 5),
            Row("001B", "Beta", "Banking", null, "x2", 6),
        }, printHeader: false);

        var result = _ws.ImportPaths([path], new ImportOptions(Table: "accounts"));

        Assert.Contains("accounts.xlsx: column 5 has no header; its values are kept as the custom attribute 'column4' (give it a header to name it)", result.Files[0].Notes);
        Assert.Equal([["001A", "Retail", "Food", "x1", 5.0], ["001B", "Banking", null, "x2", 6.0]],
            _ws.Rows("SELECT account_id, industry, industry_1, column4, x_2024 FROM accounts ORDER BY 1"));
    }

    [Fact]
    public void Xlsx_GrandTotalRowBelowTheRecords_IsSkippedWithItsSheetRow()
    {
        var path = _ws.Files.File("Accounts report.xlsx");
        Dictionary<string, object?> Row(object? a, object? b = null, object? c = null) => new() { ["A"] = a, ["B"] = b, ["C"] = c };
        MiniExcel.SaveAs(path, new[] { Row("Account ID", "Account Name", "Employees"), Row("001A", "Acme", 120), Row("001B", "Beta", 7), Row("Grand Total", null, 127) },
            printHeader: false);
        var result = _ws.ImportPaths([path], new ImportOptions(Table: "accounts"));
        Assert.Contains("sheet row 4 is a report's totals row ('Grand Total') after the last record, not a record: skipped", result.Files[0].Notes);
        Assert.Equal([["001A", "Acme", 120L], ["001B", "Beta", 7L]], _ws.Rows("SELECT account_id, name, employees FROM accounts ORDER BY 1"));
        Assert.Equal(2, result.RowsRead);
    }

    [Fact]
    public void Xlsx_AZipThatHoldsNoWorkbook_IsBadInput_NotAnInternalError()
    {
        // A valid zip the workbook reader finds no sheet in: its own exception, not the zip's InvalidDataException.
        var path = _ws.Files.File("accounts.xlsx");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open());
            writer.Write("<Types/>");
        }

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path]));

        var message = Assert.Single(error.Diagnostics).ToString();
        Assert.StartsWith("accounts.xlsx: cannot be read (the workbook reader stopped: ", message, StringComparison.Ordinal);
        Assert.EndsWith("); expected an Excel workbook (.xlsx) with a header row in its first sheet", message, StringComparison.Ordinal);
    }

    /// <summary>Rewrites one part of a workbook saved by MiniExcel (to give it what MiniExcel does not write).</summary>
    private static void Rewrite(string path, string part, Func<string, string> change)
    {
        using var archive = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update);
        var entry = archive.GetEntry(part)!;
        string xml;
        using (var reader = new StreamReader(entry.Open()))
        {
            xml = reader.ReadToEnd();
        }

        entry.Delete();
        using var writer = new StreamWriter(archive.CreateEntry(part).Open());
        writer.Write(change(xml));
    }

    [Fact]
    public void Xlsx_FormulaCellsWithoutACalculatedValue_AreRefusedNamingSheetAndCell()
    {
        // openpyxl and report generators write formulas without their results: read as they are, the cells were blank.
        var path = _ws.Files.File("accounts.xlsx");
        MiniExcel.SaveAs(path, new Dictionary<string, object> { ["Export"] = Sheet(["Account ID", "Account Name", "Employees"], ["A1", "Acme", 10], ["A2", "Beta", 20]) },
            printHeader: false);
        Rewrite(path, "xl/worksheets/sheet1.xml", xml => System.Text.RegularExpressions.Regex.Replace(xml,
            @"<(\w+:)?c r=""C3""[^>]*>.*?</(\w+:)?c>", @"<$1c r=""C3""><$1f>SUM(C2:C2)</$1f></$1c>"));

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path]));

        Assert.Equal("accounts.xlsx:3: column 'Employees' value '=SUM(C2:C2)': a formula without a calculated value (cell C3 of sheet 'Export'; the workbook was written "
            + "by a program and never calculated): open and save it in Excel or LibreOffice, which calculates it, then import it again", Assert.Single(error.Diagnostics).ToString());
        Assert.Equal(0L, _ws.Count("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public void Xlsx_HiddenFirstSheet_TheFirstVisibleSheetIsRead_WithANote()
    {
        var path = _ws.Files.File("accounts.xlsx");
        MiniExcel.SaveAs(path, new Dictionary<string, object>
        {
            ["Lookup"] = Sheet(["Code", "Label"], ["SW", "Software"]),
            ["Export"] = Sheet(["Account ID", "Account Name", "Industry"], ["A1", "Acme", "SW"]),
        }, printHeader: false);
        Rewrite(path, "xl/workbook.xml", xml => System.Text.RegularExpressions.Regex.Replace(xml, @"(<(\w+:)?sheet name=""Lookup""[^>]*?) state=""\w+""", @"$1 state=""hidden"""));

        var result = _ws.ImportPaths([path]);

        Assert.Equal([["A1", "Acme", "SW"]], _ws.Rows("SELECT account_id, name, industry FROM accounts"));
        Assert.Contains("accounts.xlsx: the hidden sheet 'Lookup' (not shown in Excel) was not read; 'Export' is the first visible sheet", result.Files[0].Notes);
    }

    [Fact]
    public void Xlsx_SheetsOfOneTable_AKeyOnBothWithOtherValues_IsRefusedAsSheetsNotUpdates()
    {
        var path = _ws.Files.File("orders.xlsx");
        object?[] header = ["Order ID", "Account ID", "Product ID", "Order Date", "Amount"];
        MiniExcel.SaveAs(path, new Dictionary<string, object>
        {
            ["2024"] = Sheet(header, ["O1", "A1", "P1", "2024-12-30", 100]),
            ["2025"] = Sheet(header, ["O1", "A1", "P1", "2024-12-30", 999], ["O2", "A1", "P1", "2025-01-03", 5]),
        }, printHeader: false);

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path]));

        Assert.Equal("orders.xlsx/2025:2: column 'order_id + product_id' value 'O1, P1': orders.xlsx/2024 gives this order_id + product_id too, on sheet row 2, "
            + "with another amount ('100'; here '999'): expected a key once across the sheets of one workbook, which are read as one table, not as updates of each other "
            + "(or the same row on both); keep the right row on one sheet", Assert.Single(error.Diagnostics).ToString());
    }

    /// <summary>A sheet's rows, cells by column letter from A (saved with printHeader: false, the first row is the header).</summary>
    private static Dictionary<string, object?>[] Sheet(params object?[][] rows) =>
        [.. rows.Select(row => row.Select((cell, i) => (Column: ((char)('A' + i)).ToString(), Cell: cell)).ToDictionary(c => c.Column, c => c.Cell))];

    private static readonly object?[] RetailHeader = ["Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country"];

    [Fact]
    public void Xlsx_SheetsWithTheFirstSheetsHeader_AreReadAsOneTable_ARowInBothIsLoadedOnce_ErrorsNameTheSheetAndItsRow()
    {
        // UCI's Online Retail II: a sheet per year, one header (here with other case and spacing on the second), and the
        // first days of December 2010 in both sheets.
        var path = _ws.Files.File("online_retail_II.xlsx");
        object?[] secondHeader = ["invoice", "Stock Code", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country"];
        MiniExcel.SaveAs(path, new Dictionary<string, object>
        {
            ["Year 2009-2010"] = Sheet(RetailHeader,
                ["489434", "85048", "15CM CHRISTMAS GLASS BALL 20 LIGHTS", 12, "2009-12-01 07:45", 6.95, "13085", "United Kingdom"],
                ["536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, "2010-12-01 08:26", 2.55, "17850", "United Kingdom"]),
            ["Year 2010-2011"] = Sheet(secondHeader,
                ["536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, "2010-12-01 08:26", 2.55, "17850", "United Kingdom"],
                ["581587", "22613", "PACK OF 20 SPACEBOY NAPKINS", 12, "2011-12-09 12:50", 0.85, "12680", "France"]),
        }, printHeader: false);

        var result = _ws.ImportPaths([path]);

        Assert.Equal(["online_retail_II.xlsx/Year 2009-2010", "online_retail_II.xlsx/Year 2010-2011"], result.Files.Where(f => f.Table == "orders").Select(f => f.File));
        Assert.Contains("online_retail_II.xlsx/Year 2009-2010: the workbook's sheets 'Year 2009-2010' and 'Year 2010-2011' have the same header row, so they are read as one table; "
            + "messages name a row by its sheet and sheet row ('online_retail_II.xlsx/Year 2010-2011:N')", result.Files.Single(f => f.File == "online_retail_II.xlsx/Year 2009-2010").Notes);
        // The line in both sheets is one order line (the later sheet's), not two combined into twice its amount.
        Assert.Equal(["489434|85048|13085|83.4", "536365|85123A|17850|15.3", "581587|22613|12680|10.2"],
            _ws.Lines("SELECT order_id, product_id, account_id, round(amount, 2) FROM orders ORDER BY 1"));
        Assert.Equal(["12680", "13085", "17850"], _ws.Workspace.Strings("SELECT account_id FROM accounts ORDER BY 1"));

        // A bad cell on the second sheet is named by that sheet and its row.
        using var ws = new TestWorkspace();
        var bad = ws.Files.File("online_retail_II.xlsx");
        MiniExcel.SaveAs(bad, new Dictionary<string, object>
        {
            ["Year 2009-2010"] = Sheet(RetailHeader, ["489434", "85048", "GLASS BALL", 12, "2009-12-01 07:45", 6.95, "13085", "United Kingdom"]),
            ["Year 2010-2011"] = Sheet(RetailHeader, ["536365", "85123A", "HEART", 6, "2010-12-01 08:26", 2.55, "17850", "United Kingdom"],
                ["536366", "22633", "HAND WARMER", 6, "someday", 1.85, "17850", "United Kingdom"]),
        }, printHeader: false);
        var error = Assert.Throws<BadInputException>(() => ws.ImportPaths([bad]));
        Assert.StartsWith("online_retail_II.xlsx/Year 2010-2011:3: column 'order_date' value 'someday': not a date", Assert.Single(error.Diagnostics).ToString(), StringComparison.Ordinal);
        Assert.Equal(0, ws.Count("SELECT count(*) FROM orders"));
    }

    [Fact]
    public void Xlsx_SheetsWithAnotherHeader_AreLeftOutWithANoteNamingThemAndWhy_ASheetNamedForATableItsHeaderDoesNotFitIsNoTable()
    {
        // Superstore: the orders, then Returns and People; "People" names contacts, but its header is no list of them.
        var path = _ws.Files.File("Sample - Superstore.xlsx");
        MiniExcel.SaveAs(path, new Dictionary<string, object>
        {
            ["Orders"] = Sheet(["Row ID", "Order ID", "Order Date", "Customer ID", "Customer Name", "Segment", "Product ID", "Product Name", "Sales", "Quantity"],
                [1, "CA-1", "2016-11-08", "CG-1", "Claire Gute", "Consumer", "FUR-1", "Bush Bookcase", 261.96, 2],
                [2, "CA-2", "2016-06-12", "DV-1", "Darrin Van Huff", "Corporate", "OFF-1", "Address Labels", 14.62, 2]),
            ["Returns"] = Sheet(["Returned", "Order ID"], ["Yes", "CA-1"]),
            ["People"] = Sheet(["Person", "Region"], ["Anna Andreadi", "West"]),
        }, printHeader: false);

        var result = _ws.ImportPaths([path], new ImportOptions(Table: "orders"));

        var orders = result.Files.Single(f => f.File == "Sample - Superstore.xlsx");
        Assert.Contains("Sample - Superstore.xlsx: the workbook's sheets 'Returns' (Returned, Order ID), 'People' (Person, Region) have another header row than 'Orders', "
            + "so they are no part of its table: not read; save each as its own file to read it", orders.Notes);
        Assert.Equal(["CA-1|CG-1|261.96", "CA-2|DV-1|14.62"], _ws.Lines("SELECT order_id, account_id, amount FROM orders ORDER BY 1"));

        // Without --table too: Orders and People are not a workbook of one table per sheet.
        using var ws = new TestWorkspace();
        var again = ws.Files.File("superstore.xlsx");
        File.Copy(path, again);
        var named = ws.ImportPaths([again]);
        Assert.Equal(0, ws.Count("SELECT count(*) FROM contacts"));
        Assert.Equal(2, ws.Count("SELECT count(*) FROM orders"));
        Assert.Contains(named.Files.Single(f => f.File == "superstore.xlsx").Notes, n => n.Contains("'People' (Person, Region) have another header row", StringComparison.Ordinal));
    }

    [Fact]
    public void Xlsx_HeaderRowRepeatedInTheSheet_IsSkippedWithANote_LaterRowsKeepTheirSheetRows()
    {
        // A report pasted page after page, each page with its header.
        var path = _ws.Files.File("accounts.xlsx");
        MiniExcel.SaveAs(path, Sheet(["Account ID", "Account Name", "Employees"], ["001A", "Acme", 120], ["Account ID", "Account Name", "Employees"],
            ["001B", "Beta", 7], ["account id", "Account Name ", "Employees"], ["001C", "Cora", 7.5]), printHeader: false);

        var error = Assert.Throws<BadInputException>(() => _ws.ImportPaths([path]));
        Assert.Equal("accounts.xlsx:6: column 'employees' value '7.5': not a whole number", Assert.Single(error.Diagnostics).ToString());

        var fixedPath = _ws.Files.File("fixed/accounts.xlsx");
        Directory.CreateDirectory(Path.GetDirectoryName(fixedPath)!);
        MiniExcel.SaveAs(fixedPath, Sheet(["Account ID", "Account Name", "Employees"], ["001A", "Acme", 120], ["Account ID", "Account Name", "Employees"],
            ["001B", "Beta", 7], ["account id", "Account Name ", "Employees"], ["001C", "Cora", 3]), printHeader: false);
        var result = _ws.ImportPaths([fixedPath]);
        Assert.Contains("accounts.xlsx: the header row is repeated on sheet rows 3, 5 (a report's pages pasted together?); skipped, not read as rows", result.Files[0].Notes);
        Assert.Equal(["001A|Acme|120", "001B|Beta|7", "001C|Cora|3"], _ws.Lines("SELECT account_id, name, employees FROM accounts ORDER BY 1"));
        Assert.Equal(3, result.RowsRead);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Xlsx_Dynamics365HiddenSheet_IsNeitherReadNorNamed(bool hiddenSheetFirst)
    {
        // Dynamics 365's "Export to Excel": the view's rows, and its metadata (entity, column ids) in a very hidden "hiddenSheet".
        var path = _ws.Files.File("My Active Accounts.xlsx");
        var data = Sheet(["Account Name", "Main Phone", "Address 1: City", "Primary Contact"], ["Fourth Coffee", "555-0150", "Renton", "Yvonne McKay"],
            ["Litware, Inc.", "555-0151", "Dallas", "Susanna Stubberod"]);
        var metadata = Sheet(["account:HbD7YyFdGwSgcPsh3vO3Hr2J9p1J3Y1Q==:accountid=%28Do%20Not%20Modify%29%20Account&checksum", "name", "telephone1", "address1_city"]);
        MiniExcel.SaveAs(path, hiddenSheetFirst
            ? new Dictionary<string, object> { ["hiddenSheet"] = metadata, ["My Active Accounts"] = data }
            : new Dictionary<string, object> { ["My Active Accounts"] = data, ["hiddenSheet"] = metadata }, printHeader: false);
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(path, isEditable: true))
        {
            var workbook = document.WorkbookPart!.Workbook;
            workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == "hiddenSheet").State = DocumentFormat.OpenXml.Spreadsheet.SheetStateValues.VeryHidden;
            workbook.Save();
        }

        var result = _ws.ImportPaths([path], new ImportOptions(Table: "accounts"));

        Assert.Equal(["Fourth Coffee|Renton", "Litware, Inc.|Dallas"], _ws.Lines("SELECT name, city FROM accounts ORDER BY 1"));
        Assert.Equal("My Active Accounts.xlsx", Assert.Single(result.Files).File);
        Assert.DoesNotContain(result.Files[0].Notes.Concat(result.Notes), n => n.Contains("hiddenSheet", StringComparison.Ordinal));
    }

    [Fact]
    public void Xlsx_OneTablePerSheet_IsReadAsAFolderOfItsSheets_ErrorsNameTheSheetAndItsRow()
    {
        // A small company's "export": one workbook, a sheet per table, and a sheet of totals beside them.
        var path = _ws.Files.File("crm.xlsx");
        MiniExcel.SaveAs(path, new Dictionary<string, object>
        {
            ["Summary"] = new[] { new Dictionary<string, object?> { ["total"] = 3 } },
            ["Accounts"] = new[] { new Dictionary<string, object?> { ["account_id"] = "A1", ["name"] = "Acme" }, new Dictionary<string, object?> { ["account_id"] = "A2", ["name"] = "Beta" } },
            ["Products"] = new[] { new Dictionary<string, object?> { ["product_id"] = "P1", ["name"] = "Widget" } },
            ["Orders"] = new[]
            {
                new Dictionary<string, object?> { ["order_id"] = "O1", ["account_id"] = "A1", ["product_id"] = "P1", ["order_date"] = new DateTime(2025, 3, 1), ["amount"] = 1200.5 },
                new Dictionary<string, object?> { ["order_id"] = "O2", ["account_id"] = "A2", ["product_id"] = "P1", ["order_date"] = new DateTime(2025, 4, 1), ["amount"] = 99.0 },
            },
        });

        var result = _ws.ImportPaths([path]);

        Assert.Equal(["crm.xlsx/Products", "crm.xlsx/Accounts", "crm.xlsx/Orders"], result.Files.Select(f => f.File));
        Assert.Equal(["O1|A1|2025-03-01|1200.5", "O2|A2|2025-04-01|99.0"], _ws.Workspace.Strings("SELECT concat_ws('|', order_id, account_id, order_date, amount) FROM orders ORDER BY 1"));
        Assert.Contains(result.Notes, n => n.StartsWith("1 file names no table and was skipped: crm.xlsx/Summary", StringComparison.Ordinal));

        // A bad cell is named by the sheet and its row, as a folder's file is by its line.
        using var ws = new TestWorkspace();
        var bad = ws.Files.File("crm.xlsx");
        MiniExcel.SaveAs(bad, new Dictionary<string, object>
        {
            ["Accounts"] = new[] { new Dictionary<string, object?> { ["account_id"] = "A1", ["name"] = "Acme" } },
            ["Products"] = new[] { new Dictionary<string, object?> { ["product_id"] = "P1", ["name"] = "Widget" } },
            ["Orders"] = new[]
            {
                new Dictionary<string, object?> { ["order_id"] = "O1", ["account_id"] = "A1", ["product_id"] = "P1", ["order_date"] = "2025-03-01", ["amount"] = "1200" },
                new Dictionary<string, object?> { ["order_id"] = "O2", ["account_id"] = "A1", ["product_id"] = "P1", ["order_date"] = "2025-03-01", ["amount"] = "lots" },
            },
        });
        var error = Assert.Throws<BadInputException>(() => ws.ImportPaths([bad]));
        Assert.StartsWith("crm.xlsx/Orders:3: column 'amount' value 'lots': not a number", Assert.Single(error.Diagnostics).ToString(), StringComparison.Ordinal);
    }

    private void LoadParents() => _ws.Import(null, ("products.csv", "product_id,name\nP1,Widget\n"), ("accounts.csv", "account_id,name\nA1,Acme\n"));
}
