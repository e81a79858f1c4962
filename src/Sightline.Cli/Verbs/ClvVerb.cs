using System.CommandLine;
using System.Globalization;
using Sightline.Models.Value;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline clv --workspace DIR | --transactions FILE [--columns ...] [--calibration-end DATE] [--holdout-end DATE] [--time-unit week] [--horizon 12m] [--discount 10%] [--margin 30%] [--json]</c>.</summary>
internal static class ClvVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace(required: false);
        var transactions = new Option<string?>("--transactions") { Description = "A transactions file (customer, date, amount; comma, semicolon, tab, pipe or whitespace separated, or an .xlsx workbook) instead of a workspace" };
        var columns = new Option<string?>("--columns") { Description = "For a file without a header: names of its columns in order, _ to skip one (e.g. _,customer,date,_,amount)" };
        var customer = new Option<string?>("--customer-column") { Description = "Customer id column (default: customer, customer id, cust id, account id, client id, member id, user id or id, in any case or spacing)" };
        var date = new Option<string?>("--date-column") { Description = "Purchase date column: yyyy-mm-dd, yyyymmdd, m/d/yyyy or d/m/yyyy (the order found from the values), with or without a time (default: date, order date, purchase date, transaction date, invoice date or sale date)" };
        var amount = new Option<string?>("--amount-column") { Description = "Amount column (default: amount, dollars, revenue, sales, spend, value or total; without one, quantity × unit price when the file has both)" };
        var calibrationEnd = new Option<DateOnly?>("--calibration-end") { Description = "Last day of the calibration period, inclusive (default: the last purchase)" };
        var holdoutEnd = new Option<DateOnly?>("--holdout-end") { Description = "Last day of the holdout period (default: the last purchase, when after the calibration end)" };
        var unit = new Option<string>("--time-unit") { Description = "day, week or month (365.25/12 days): the unit of t_x, T and the parameters", DefaultValueFactory = _ => "week" };
        var horizon = new Option<string>("--horizon") { Description = "CLV horizon: 12m, 52w, 90d or 1y", DefaultValueFactory = _ => "12m" };
        var discount = new Option<string>("--discount") { Description = "Annual discount rate", DefaultValueFactory = _ => "10%" };
        var margin = new Option<string>("--margin") { Description = "Margin on spend", DefaultValueFactory = _ => "30%" };
        var top = new Option<int>("--top") { Description = "Customers listed by CLV", DefaultValueFactory = _ => 10 };
        var json = CommonOptions.Json();
        var command = new Command("clv", """
            Customer lifetime value: fits BG/NBD (how many purchases, and whether the customer is still
            alive) and Gamma-Gamma (how much per purchase) on the calibration period, checks the fit on the
            holdout period when there is one, and values every customer as the discounted expected margin
            over the horizon. In a workspace it reads orders (amount > 0) and writes account_clv.

            Examples:
              sightline clv --workspace ./acme --calibration-end 2025-06-30
              sightline clv --transactions orders.csv --horizon 24m --margin 25%
              sightline clv --transactions CDNOW_sample.txt --columns _,customer,date,_,amount --calibration-end 1997-09-30
            """) { workspace, transactions, columns, customer, date, amount, calibrationEnd, holdoutEnd, unit, horizon, discount, margin, top, json };
        command.SetAction(parse => console.Guard(() =>
        {
            var options = new ClvOptions
            {
                CalibrationEnd = parse.GetValue(calibrationEnd),
                HoldoutEnd = parse.GetValue(holdoutEnd),
                Unit = ClvOptions.ParseUnit(parse.GetValue(unit)!),
                HorizonDays = ClvOptions.ParseHorizon(parse.GetValue(horizon)!),
                AnnualDiscount = ClvOptions.ParseRate(parse.GetValue(discount)!, "--discount", 10),
                Margin = ClvOptions.ParseRate(parse.GetValue(margin)!, "--margin", 1),
                Top = parse.GetValue(top),
            };
            var (dir, file) = (parse.GetValue(workspace), parse.GetValue(transactions));
            if ((dir is null) == (file is null))
            {
                throw new BadInputException("clv", "give either --workspace DIR or --transactions FILE");
            }

            ClvResult result;
            if (file is not null)
            {
                result = LifetimeValue.FromFile(new TransactionsFileLayout
                {
                    Path = file,
                    Columns = parse.GetValue(columns)?.Split(','),
                    CustomerColumn = parse.GetValue(customer),
                    DateColumn = parse.GetValue(date),
                    AmountColumn = parse.GetValue(amount),
                }, options);
            }
            else
            {
                using var ws = Workspace.Open(dir!);
                result = LifetimeValue.FromWorkspace(ws, options);
            }

            return console.Result(parse.GetValue(json), result, r => Print(console, r));
        }));
        return command;
    }

    public static void Print(CliConsole console, ClvResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        var output = console.Output;
        var unit = result.Unit.ToString().ToLowerInvariant();
        foreach (var note in result.Notes)
        {
            output.WriteLine($"  note: {note}");
        }

        output.WriteLine(string.Create(inv,
            $"Lifetime value of {Counted.Of(result.Customers, "customer")} ({result.RepeatCustomers:N0} with repeat purchases), calibration {result.FirstDate:yyyy-MM-dd} to {result.CalibrationEnd:yyyy-MM-dd}, time in {unit}s"));
        output.WriteLine(string.Create(inv, $"BG/NBD: {result.BgNbd.ParametersText}; log-likelihood {result.BgNbd.LogLikelihood:0.00}"));
        output.WriteLine(string.Create(inv,
            $"Gamma-Gamma ({result.GammaGamma.Customers:N0} repeat customers): {result.GammaGamma.ParametersText}; mean spend per purchase {result.GammaGamma.Parameters.PopulationMeanSpend:0.00}"));
        if (result.Holdout.Count > 0)
        {
            output.WriteLine(string.Create(inv, $"Holdout to {result.HoldoutEnd:yyyy-MM-dd} ({result.HoldoutLength:0.##} {unit}s): repeat purchases by calibration frequency"));
            var table = new Table().AddColumns("x", "customers", "actual", "predicted");
            foreach (var bin in result.Holdout)
            {
                table.AddRow(bin.Frequency, bin.Customers.ToString("N0", inv), bin.ActualMean.ToString("0.0000", inv), bin.PredictedMean.ToString("0.0000", inv));
            }

            console.Ansi.Write(table);
        }

        output.WriteLine(string.Create(inv,
            $"CLV over {result.Horizon:0.##} {unit}s at {result.Margin:0.#%} margin, {result.AnnualDiscount:0.#%} a year discount: top {result.Top.Count}"));
        var top = new Table().AddColumns("customer", "x", "t_x", "T", "P(alive)", "expected purchases", "expected spend", "CLV");
        foreach (var v in result.Top)
        {
            top.AddRow(Markup.Escape(v.CustomerId), v.Frequency.ToString(inv), v.Recency.ToString("0.00", inv), v.Age.ToString("0.00", inv),
                v.ProbabilityAlive.ToString("0.000", inv), v.ExpectedPurchases.ToString("0.00", inv), v.ExpectedSpend.ToString("0.00", inv), v.Clv.ToString("N2", inv));
        }

        console.Ansi.Write(top);
        output.WriteLine(string.Create(inv,
            $"Total: {result.TotalExpectedPurchases:N1} expected purchases, CLV {result.TotalClv:N2} ({result.TotalClv / Math.Max(1, result.Customers):N2} per customer)"));
        if (result.RunId is { } run)
        {
            output.WriteLine($"stored as run {run} in {LifetimeValue.Table}");
        }
    }
}
