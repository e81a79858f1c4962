using System.Globalization;
using System.Text.Json;
using Sightline.Tests.Support;

namespace Sightline.Tests.Models.Value;

/// <summary>The clv verb: the CDNOW run end to end, and each kind of bad input answered with exit code 2 and a message.</summary>
public sealed class ClvCliTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [SharedDataFact("cdnow", "CDNOW_sample.txt")]
    public void Clv_CdnowFile_PrintsPublishedParametersAndHoldoutTable()
    {
        var (exit, output, error) = Support.Cli.Run("clv", "--transactions", SharedData.Path("cdnow", "CDNOW_sample.txt"),
            "--columns", "_,customer,date,_,amount", "--calibration-end", "1997-09-30", "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var p = json.RootElement.GetProperty("bg_nbd").GetProperty("parameters");
        Assert.Equal(0.2426, p.GetProperty("r").GetDouble(), 0.0024);
        Assert.Equal(4.4137, p.GetProperty("alpha").GetDouble(), 0.044);
        Assert.Equal(0.7930, p.GetProperty("a").GetDouble(), 0.0079);
        Assert.Equal(2.4262, p.GetProperty("b").GetDouble(), 0.024);
        Assert.Equal(-9582.43, json.RootElement.GetProperty("bg_nbd").GetProperty("log_likelihood").GetDouble(), 95.8);
        var bins = json.RootElement.GetProperty("holdout").EnumerateArray().Select(b => b.GetProperty("customers").GetInt32()).ToArray();
        Assert.Equal([1411, 439, 214, 100, 62, 38, 29, 64], bins);
        Assert.All(json.RootElement.GetProperty("top").EnumerateArray(), v => Assert.True(v.GetProperty("clv").GetDouble() >= 0));

        var text = Support.Cli.Run("clv", "--transactions", SharedData.Path("cdnow", "CDNOW_sample.txt"),
            "--columns", "_,customer,date,_,amount", "--calibration-end", "1997-09-30");
        Assert.Contains("r = 0.2426", text.Out, StringComparison.Ordinal);
        Assert.Contains("log-likelihood -9582.4", text.Out, StringComparison.Ordinal);
        Assert.Contains("7+", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Clv_CustomersWhoAllDropOutAtOneRate_SaysSoAndValuesThem()
    {
        // 4,000 customers, each with a purchase every ~60 days from a random first day, stopping after a geometric
        // number of purchases: no spread in dropout, which used to leave a and b in the millions and every CLV at 0.
        var random = new Random(7);
        var lines = new List<string> { "customer,date,amount" };
        var start = new DateOnly(2023, 1, 1);
        for (var c = 0; c < 4000; c++)
        {
            var day = random.Next(0, 700);
            do
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"C{c},{start.AddDays(day):yyyy-MM-dd},{20 + random.Next(0, 200)}"));
                day += 1 + (int)(-60 * Math.Log(1 - random.NextDouble()));
            }
            while (day <= 730 && random.NextDouble() >= 0.25);
        }

        var path = _files.Write("orders.csv", string.Join('\n', lines) + "\n");

        var (exit, output, error) = Support.Cli.Run("clv", "--transactions", path, "--top", "3");

        Assert.True(exit == 0, error);
        Assert.Contains("the same dropout for every customer: p = 0.2", output, StringComparison.Ordinal);
        var total = System.Text.RegularExpressions.Regex.Match(output, @"Total: ([0-9,.]+) expected purchases, CLV ([0-9,.]+)");
        Assert.True(total.Success, output);
        Assert.True(double.Parse(total.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture) > 1000, output);
        Assert.True(double.Parse(total.Groups[2].Value, NumberStyles.Number, CultureInfo.InvariantCulture) > 10_000, output);
    }

    [Fact]
    public void Clv_SubscriptionAtFixedPrices_SaysSoInWordsAndValuesEachAtItsPrice()
    {
        // 3,000 subscribers on three plans, each paying its plan's price every 20 to 60 days from a random first day and
        // cancelling with probability 0.05 after each payment: purchases more regular than Poisson's (no spread in the rates
        // fits best) and no spread in a customer's spends. Both fits used to chase their shapes to numbers of a hundred digits.
        var random = new Random(11);
        var plans = new[] { 49, 99, 299 };
        var lines = new List<string> { "customer,date,amount" };
        var start = new DateOnly(2024, 1, 1);
        for (var c = 0; c < 3000; c++)
        {
            var price = plans[random.Next(plans.Length)];
            var day = random.Next(0, 300);
            do
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"S{c},{start.AddDays(day):yyyy-MM-dd},{price}"));
                day += random.Next(20, 61);
            }
            while (day <= 730 && random.NextDouble() >= 0.05);
        }

        var path = _files.Write("subscriptions.csv", string.Join('\n', lines) + "\n");

        var (exit, output, error) = Support.Cli.Run("clv", "--transactions", path, "--calibration-end", "2025-06-30", "--top", "3", "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("bg_nbd").GetProperty("same_rate").GetBoolean(), output);
        Assert.True(root.GetProperty("gamma_gamma").GetProperty("same_spend_within_customers").GetBoolean(), output);
        Assert.StartsWith("the same purchase rate for every customer: 0.15", root.GetProperty("bg_nbd").GetProperty("parameters_text").GetString(), StringComparison.Ordinal);
        foreach (var customer in root.GetProperty("top").EnumerateArray())
        {
            // Its own price, to the limit's 10⁻⁸.
            Assert.Contains(Math.Round(customer.GetProperty("expected_spend").GetDouble(), 4), plans.Select(p => (double)p));
        }

        var (_, text, _) = Support.Cli.Run("clv", "--transactions", path, "--calibration-end", "2025-06-30", "--top", "3");
        Assert.Contains("Gamma-Gamma (", text, StringComparison.Ordinal);
        Assert.Contains("each customer's purchases are all worth the same, its own mean (p grows without bound)", text, StringComparison.Ordinal);
        Assert.DoesNotMatch("[0-9]{12}", text);

        // One price for every plan: a point mass, which has no likelihood to write (JSON has no NaN).
        var onePrice = _files.Write("one-price.csv", string.Join('\n', lines.Select(l => System.Text.RegularExpressions.Regex.Replace(l, ",[0-9]+$", ",99"))) + "\n");
        var (oneExit, oneOutput, oneError) = Support.Cli.Run("clv", "--transactions", onePrice, "--calibration-end", "2025-06-30", "--top", "3", "--json");
        Assert.True(oneExit == 0, oneError);
        using var one = JsonDocument.Parse(oneOutput);
        var spendModel = one.RootElement.GetProperty("gamma_gamma");
        Assert.Equal(JsonValueKind.Null, spendModel.GetProperty("log_likelihood").ValueKind);
        Assert.Equal("every purchase of every customer is worth the same, 99.00 (p, q and gamma grow without bound)", spendModel.GetProperty("parameters_text").GetString());
        Assert.All(one.RootElement.GetProperty("top").EnumerateArray(), c => Assert.Equal(99, c.GetProperty("expected_spend").GetDouble(), 1e-6));
    }

    [Fact]
    public void Clv_CsvWithHeader_ValuesEveryCustomer()
    {
        var path = _files.Write("orders.csv", Transactions(','));

        var (exit, output, error) = Support.Cli.Run("clv", "--transactions", path, "--time-unit", "day", "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(5, json.RootElement.GetProperty("customers").GetInt32());
        Assert.Equal("day", json.RootElement.GetProperty("unit").GetString());
        Assert.True(json.RootElement.GetProperty("total_clv").GetDouble() > 0);
    }

    [Fact]
    public void Clv_InvoiceLineExport_AmountFromQuantityAndPrice_USDatesWithTimes_GuestLinesLeftOut()
    {
        // As the UCI Online Retail file writes it: one line per invoice line, no amount, CustomerID as 17850.0, guests blank.
        var lines = new List<string> { "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country" };
        var start = new DateTime(2010, 12, 1, 8, 26, 0);
        for (var c = 0; c < 5; c++)
        {
            for (var k = 0; k <= c + 1; k++)
            {
                var at = start.AddDays((c * 5) + (k * (17 + c))).AddMinutes(k * 7);
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{536365 + (c * 10) + k},85123A,{k + 2},{at.Month}/{at.Day}/{at.Year} {at.Hour}:{at.Minute:00},{2.55 + c},{17850 + c}.0,United Kingdom"));
            }
        }

        lines.Add("536414,22139,56,12/1/2010 11:52,0,,United Kingdom");
        var path = _files.Write("Online Retail.csv", string.Join('\n', lines) + "\n");

        // A horizon within twice the 125 days of history, so the notes are the reading's alone.
        var (exit, output, error) = Support.Cli.Run("clv", "--transactions", path, "--time-unit", "day", "--horizon", "3m", "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(5, json.RootElement.GetProperty("customers").GetInt32());
        Assert.Equal(["no amount column: each line's amount is Quantity × UnitPrice",
            "1 of 21 lines has no CustomerID (guest purchases?) and was left out: it belongs to no customer's history",
            "every CustomerID is written as a decimal ending in .0 (17850.0): read as the whole number (17850)"],
            json.RootElement.GetProperty("notes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("2010-12-01", json.RootElement.GetProperty("first_date").GetString());
        Assert.Contains(json.RootElement.GetProperty("top").EnumerateArray(), t => t.GetProperty("customer_id").GetString() == "17854");
    }

    [Fact]
    public void Clv_ExcelWorkbook_ValuesAsTheSameLinesInCsv()
    {
        // UCI publishes Online Retail as a workbook: date cells, numbers as numbers.
        var lines = Enumerable.Range(0, 12).Select(i => (Invoice: 536365 + i, Quantity: 2 + (i % 3), At: new DateTime(2010, 12, 1, 8, 26, 0).AddDays(i * 9 % 50), Price: 2.55 + (i % 4), Customer: 17850 + (i % 4))).ToList();
        var csv = _files.Write("Online Retail.csv", "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n" + string.Concat(lines.Select(l =>
            string.Create(CultureInfo.InvariantCulture, $"{l.Invoice},{l.Quantity},{l.At:yyyy-MM-dd HH:mm:ss},{l.Price},{l.Customer}\n"))));
        var xlsx = _files.File("Online Retail.xlsx");
        MiniExcelLibs.MiniExcel.SaveAs(xlsx, lines.Select(l => new Dictionary<string, object>
        {
            ["InvoiceNo"] = l.Invoice, ["Quantity"] = l.Quantity, ["InvoiceDate"] = l.At, ["UnitPrice"] = l.Price, ["CustomerID"] = l.Customer,
        }));

        var fromText = Support.Cli.Run("clv", "--transactions", csv, "--time-unit", "day", "--json");
        var fromSheet = Support.Cli.Run("clv", "--transactions", xlsx, "--time-unit", "day", "--json");

        Assert.True(fromSheet.Exit == 0, fromSheet.Err);
        using var text = JsonDocument.Parse(fromText.Out);
        using var sheet = JsonDocument.Parse(fromSheet.Out);
        Assert.Equal(4, sheet.RootElement.GetProperty("customers").GetInt32());
        Assert.Equal(text.RootElement.GetProperty("total_clv").GetDouble(), sheet.RootElement.GetProperty("total_clv").GetDouble(), 9);
    }

    [Fact]
    public void Clv_DatesWrittenDayFirst_AreReadSo_WithANote()
    {
        var path = _files.Write("orders.csv", "Customer ID,Order Date,Total\nc1,14/1/2024,10\nc1,3/2/2024,12\nc2,5/1/2024,7\nc2,20/3/2024,9\nc3,2/2/2024,4\nc3,28/2/2024,6\n");

        var (exit, output, error) = Support.Cli.Run("clv", "--transactions", path, "--time-unit", "day", "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Contains("dates are written day first (14/3/2025): read so", json.RootElement.GetProperty("notes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("2024-01-05", json.RootElement.GetProperty("first_date").GetString());
        Assert.Equal("2024-03-20", json.RootElement.GetProperty("calibration_end").GetString());
    }

    [Fact]
    public void Clv_ACustomerWhoseRefundsOutweighItsRepeatSpend_IsValuedAtTheMeanSpend_WithANote()
    {
        var path = _files.Write("refunds.csv", Transactions(',') + "c3,2024-06-01,-500\n");

        var (exit, output, error) = Support.Cli.Run("clv", "--transactions", path, "--time-unit", "day", "--top", "5", "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Contains("1 of the 5 repeat customers have a repeat spend that nets to zero or less (returns, credits; e.g. customer c3: -97.25): "
            + "left out of the spend model's fit and valued at the population's mean spend", json.RootElement.GetProperty("notes").EnumerateArray().Select(e => e.GetString()));
        var g = json.RootElement.GetProperty("gamma_gamma").GetProperty("parameters");
        var mean = g.GetProperty("p").GetDouble() * g.GetProperty("gamma").GetDouble() / (g.GetProperty("q").GetDouble() - 1);
        var c3 = json.RootElement.GetProperty("top").EnumerateArray().Single(t => t.GetProperty("customer_id").GetString() == "c3");
        Assert.Equal(mean, c3.GetProperty("expected_spend").GetDouble(), 1e-9 * mean);
    }

    public static TheoryData<string, string[], string> BadInputs => new()
    {
        { "missing.csv", [], "file not found" },
        { "orders.csv", ["--time-unit", "fortnight"], "unknown time unit" },
        { "orders.csv", ["--horizon", "soon"], "--horizon" },
        { "orders.csv", ["--margin", "130%"], "--margin" },
        { "orders.csv", ["--calibration-end", "2019-01-01"], "before the first purchase" },
        { "orders.csv", ["--calibration-end", "2030-01-01"], "--calibration-end: value '2030-01-01': is after the last purchase (" },
        { "orders.csv", ["--calibration-end", "2024-03-01", "--holdout-end", "2030-01-01"], "--holdout-end: value '2030-01-01': is after the last purchase (" },
        { "future.csv", [], "future.csv:4: column 'date' value '2099-01-01': date is in the future (later than " },
        { "huge.csv", [], "huge.csv:3: column 'amount' value '1e308': too large: expected an amount below 1e15 in size" },
        { "orders.csv", ["--amount-column", "price"], "no amount column" },
        { "bad-date.csv", [], "bad-date.csv:3: column 'date' value '2024-13-45': not a date" },
        { "bad-amount.csv", [], "bad-amount.csv:4: column 'amount' value 'abc': not a number" },
        { "one.csv", [], "1 customer in the calibration period" },
        { "no-repeat.csv", [], "none of the 3 customers made a repeat purchase" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Clv_BadInput_ExitsWith2AndSaysWhy(string file, string[] options, string message)
    {
        _files.Write("orders.csv", Transactions(','));
        _files.Write("bad-date.csv", "customer,date,amount\nc1,2024-01-05,10\nc1,2024-13-45,12\n");
        _files.Write("bad-amount.csv", "customer,date,amount\nc1,2024-01-05,10\nc1,2024-02-05,12\nc2,2024-02-06,abc\n");
        _files.Write("one.csv", "customer,date,amount\nc1,2024-01-05,10\nc1,2024-02-05,12\n");
        _files.Write("future.csv", "customer,date,amount\nc1,2024-01-05,10\nc1,2024-02-05,12\nc2,2099-01-01,3\n");
        _files.Write("huge.csv", "customer,date,amount\nc1,2024-01-05,10\nc1,2024-02-05,1e308\nc2,2024-01-07,3\n");
        _files.Write("no-repeat.csv", "customer,date,amount\nc1,2024-01-05,10\nc2,2024-02-05,12\nc3,2024-03-01,5\nc3,2024-03-01,7\n");

        var (exit, _, error) = Support.Cli.Run(["clv", "--transactions", _files.File(file), .. options]);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    /// <summary>Five customers, each with repeat purchases on distinct days, spend varying per customer.</summary>
    internal static string Transactions(char delimiter)
    {
        var lines = new List<string> { string.Join(delimiter, "customer", "date", "amount") };
        var start = new DateOnly(2024, 1, 1);
        for (var c = 1; c <= 5; c++)
        {
            for (var k = 0; k <= c; k++)
            {
                var amount = (10 * c) + (3 * k) + 1;
                lines.Add(string.Join(delimiter, $"c{c}", start.AddDays((c * 3) + (k * (20 + c))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), amount.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return string.Join('\n', lines) + "\n";
    }
}
