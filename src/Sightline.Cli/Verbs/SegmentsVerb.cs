using System.CommandLine;
using Sightline.Segments;
using Sightline.Workspaces;
using Spectre.Console;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline segment add</c> and <c>sightline segments</c>.</summary>
internal static class SegmentsVerb
{
    public static Command CreateSegment(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var name = new Argument<string>("NAME") { Description = "Segment name (lowercase letters, digits, '-' and '_')" };
        var rule = new Option<string>("--rule") { Description = "Rule over the feature table (docs/segment-language.md)", Required = true };
        var description = new Option<string?>("--description") { Description = "What the segment is, for people" };
        var parent = new Option<string?>("--parent") { Description = "Market segment this micro-segment sits in" };
        var priority = new Option<int>("--priority") { Description = "Lower wins when an account matches several siblings", DefaultValueFactory = _ => 100 };
        var json = CommonOptions.Json();
        var add = new Command("add", """
            Check a rule against the feature table and add the segment to sightline.yaml.

            Examples:
              sightline segment add enterprise --workspace ./acme --rule "employees >= 1000 or annual_revenue >= 250M" --priority 10
              sightline segment add enterprise-analytics --workspace ./acme --parent enterprise --rule "has_product('Analytics')"
            """) { workspace, name, rule, description, parent, priority, json };
        add.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var segment = SegmentEngine.Add(ws, new SegmentDefinition
            {
                Name = parse.GetValue(name)!,
                Rule = parse.GetValue(rule)!,
                Description = parse.GetValue(description),
                Parent = parse.GetValue(parent),
                Priority = parse.GetValue(priority),
            });
            if (parse.GetValue(json))
            {
                console.WriteJson(segment);
            }
            else
            {
                console.Output.WriteLine($"Added segment '{segment.Name}' to {Path.Combine(ws.Directory, ProjectSettings.FileName)}; evaluate with: sightline segments --workspace {parse.GetValue(workspace)}");
            }

            return ExitCodes.Ok;
        }));
        return new Command("segment", "Manage segment definitions (see 'sightline segment add --help').") { add };
    }

    public static Command CreateSegments(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var compare = new Option<string[]>("--compare")
        {
            Description = "Instead of evaluating: compare two segment runs (RUN_A RUN_B, or 'last' for the latest two)",
            AllowMultipleArgumentsPerToken = true,
            Arity = new ArgumentArity(1, 2),
        };
        var json = CommonOptions.Json();
        var command = new Command("segments", """
            Evaluate every segment in sightline.yaml over the feature table for a new run: accounts,
            customers and 12-month revenue per segment, and one exclusive segment per account. With
            --compare, show how accounts moved between two runs.

            Examples:
              sightline segments --workspace ./acme
              sightline segments --workspace ./acme --compare last
            """) { workspace, compare, json };
        command.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            if (parse.GetValue(compare) is { Length: > 0 } runs)
            {
                var (from, to) = runs is ["last"]
                    ? SegmentMigration.LatestTwoRuns(ws) ?? throw new BadInputException("--compare", "fewer than two segment runs so far; run sightline segments again after a change")
                    : runs.Length == 2 ? (runs[0], runs[1]) : throw new BadInputException("--compare", "give two run ids, or 'last'");
                var migration = SegmentMigration.Compare(ws, from, to);
                return console.Result(parse.GetValue(json), migration, r => PrintMigration(console, r));
            }

            var report = SegmentEngine.Evaluate(ws);
            return console.Result(parse.GetValue(json), report, r => Print(console, r));
        }));
        return command;
    }

    public static void Print(CliConsole console, SegmentRunReport report)
    {
        console.Output.WriteLine($"Segments as of {report.AsOf:yyyy-MM-dd} (run {report.RunId}): {Counted.Of(report.Accounts, "account")}, {report.Unassigned:N0} in no segment");
        var table = new Table().AddColumns("segment", "parent", "accounts", "customers", "revenue 12m", "assigned", "rule");
        foreach (var s in report.Segments)
        {
            table.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Parent ?? ""), $"{s.Accounts:N0}", $"{s.Customers:N0}", $"{s.Revenue12m:N0}", $"{s.Assigned:N0}", Markup.Escape(s.Rule));
        }

        console.Ansi.Write(table);
    }

    private static void PrintMigration(CliConsole console, SegmentMigrationReport report)
    {
        console.Output.WriteLine($"Segment migration {report.FromRun} -> {report.ToRun}: {Counted.Of(report.MovedCount, "account")} moved");
        var segments = report.Matrix.Select(m => m.From).Concat(report.Matrix.Select(m => m.To)).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = new Table().AddColumn("from \\ to");
        foreach (var to in segments)
        {
            table.AddColumn(new TableColumn(Markup.Escape(to)).RightAligned());
        }

        foreach (var from in segments)
        {
            table.AddRow([Markup.Escape(from), .. segments.Select(to => $"{report.Matrix.FirstOrDefault(m => m.From == from && m.To == to)?.Accounts ?? 0:N0}")]);
        }

        console.Ansi.Write(table);
        foreach (var moved in report.Moved.Take(20))
        {
            console.Output.WriteLine($"  {moved.AccountId}: {moved.From} -> {moved.To}");
        }

        if (report.MovedCount > 20)
        {
            console.Output.WriteLine($"  ... and {report.MovedCount - 20:N0} more (--json lists up to {SegmentMigration.MaxListed:N0})");
        }
    }
}
