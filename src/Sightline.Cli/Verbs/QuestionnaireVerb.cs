using System.CommandLine;
using System.Globalization;
using Sightline.Models.Questionnaires;
using Sightline.Workspaces;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline questionnaire --workspace DIR --for SEGMENT_SET|bands [--questions N] [--askable a,b] [--holdout 0.25] [--seed 42] [--json]</c>.</summary>
internal static class QuestionnaireVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var target = new Option<string>("--for")
        {
            Description = "What the questions tell apart: 'segments' (latest segments run), 'bands' (latest lookalike scoring) or a parent segment's name",
            Required = true,
        };
        var questions = new Option<int?>("--questions") { Description = "Most questions on any path (default and limit: questionnaire.max_questions, 5)" };
        var askable = new Option<string?>("--askable")
        {
            Description = "Comma-separated columns a rep can ask about (default: industry, employees, annual_revenue, country, region and questionnaire.askable)",
        };
        var holdout = new Option<double>("--holdout") { Description = "Share of accounts held out to measure accuracy", DefaultValueFactory = _ => 0.25 };
        var seed = new Option<int>("--seed") { Description = "Seed of the held-out split (same data and seed, same questions)", DefaultValueFactory = _ => 42 };
        var minLeaf = new Option<int>("--min-leaf") { Description = "Fewest training accounts an answer may rest on", DefaultValueFactory = _ => 10 };
        var json = CommonOptions.Json();
        var command = new Command("questionnaire", """
            Distil a segment or band assignment into a few questions a rep can ask a prospect (a shallow
            decision tree over askable attributes), measure how often it is right on held-out accounts,
            print it as numbered questions and store it in the questionnaires table.

            Examples:
              sightline questionnaire --workspace ./acme --for segments
              sightline questionnaire --workspace ./acme --for strategic --questions 3
              sightline questionnaire --workspace ./acme --for bands --askable industry,employees,country
            """) { workspace, target, questions, askable, holdout, seed, minLeaf, json };
        command.SetAction(parse => console.Guard(() =>
        {
            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var result = QuestionnaireBuilder.Build(ws, new QuestionnaireOptions
            {
                Target = parse.GetValue(target)!,
                Questions = parse.GetValue(questions),
                Askable = parse.GetValue(askable) is { } list
                    ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    : null,
                Holdout = parse.GetValue(holdout),
                Seed = parse.GetValue(seed),
                MinLeafSize = parse.GetValue(minLeaf),
            });
            return console.Result(parse.GetValue(json), result, r => Print(console, r));
        }));
        return command;
    }

    public static void Print(CliConsole console, QuestionnaireResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        var output = console.Output;
        output.WriteLine(string.Create(inv,
            $"Questionnaire for {result.Target} (from run {result.SourceRunId}): {result.Questions} of at most {Counted.Of(result.MaxQuestions, "question")}, {result.Classes.Count} classes, built from {Counted.Of(result.TrainingAccounts, "account")}"));
        output.WriteLine($"asks about: {string.Join(", ", result.Askable)}");
        output.WriteLine();
        output.WriteLine(result.Text);
        output.WriteLine();
        output.WriteLine(string.Create(inv,
            $"held-out accuracy: {result.Accuracy:0.0%} of {Counted.Of(result.HoldoutAccounts, "account")} not used to build the questions (seed {result.Seed})"));
        output.WriteLine(string.Create(inv, $"baseline: {result.BaselineAccuracy:0.0%} by always answering \"{result.BaselineClass}\""));
        output.WriteLine("recall by class: " + string.Join(", ", result.Recall.Where(r => r.Recall is not null)
            .Select(r => string.Create(inv, $"{r.Class} {r.Recall:0.0%} of {r.HeldOut:N0}"))));
        foreach (var note in result.Notes)
        {
            output.WriteLine($"  note: {note}");
        }

        output.WriteLine($"stored as {result.QuestionnaireId} in {QuestionnaireBuilder.Table}");
    }
}
