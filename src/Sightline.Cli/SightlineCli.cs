using System.CommandLine;
using System.CommandLine.Parsing;
using Sightline.Cli.Verbs;

namespace Sightline.Cli;

/// <summary>The sightline command: verbs parse arguments, call the core and print the result.</summary>
internal static class SightlineCli
{
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var console = new CliConsole(output ?? Console.Out, error ?? Console.Error);
        // A plain command named "sightline", so help shows the name users type rather than the assembly name.
        var root = new Command("sightline", """
            Sightline: sales micro-segmentation for B2B revenue teams.

            Examples:
              sightline demo                                  build a 25,000-account demo world in ./demo and run the pipeline
              sightline init ./acme                           create a workspace
              sightline import --workspace ./acme exports/    load CRM exports (CSV, Parquet, XLSX)
              sightline quality --workspace ./acme --html q.html
              sightline performance --workspace ./acme --period quarter --by industry
              sightline clusters --workspace ./acme           behavioural clusters with labels and profiles
              sightline score --workspace ./acme              lookalike propensity with bands and reasons
              sightline propensity --workspace ./acme         who buys in the next 90 days, and which product
              sightline potential --workspace ./acme          TAM, white space and share of wallet by account
            """)
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(InitVerb.Create(console));
        root.Subcommands.Add(ImportVerb.Create(console));
        root.Subcommands.Add(QualityVerb.Create(console));
        root.Subcommands.Add(FeaturesVerb.Create(console));
        root.Subcommands.Add(TiersVerb.Create(console));
        root.Subcommands.Add(SegmentsVerb.CreateSegment(console));
        root.Subcommands.Add(SegmentsVerb.CreateSegments(console));
        root.Subcommands.Add(PerformanceVerb.Create(console));
        root.Subcommands.Add(ClustersVerb.Create(console));
        root.Subcommands.Add(ScoreVerb.Create(console));
        root.Subcommands.Add(PropensityVerb.Create(console));
        root.Subcommands.Add(PotentialVerb.Create(console));
        root.Subcommands.Add(MarketsVerb.Create(console));
        root.Subcommands.Add(PlanVerb.Create(console));
        root.Subcommands.Add(ListsVerb.Create(console));
        root.Subcommands.Add(RunVerb.Create(console));
        root.Subcommands.Add(ExportVerb.Create(console));
        root.Subcommands.Add(QuestionnaireVerb.Create(console));
        root.Subcommands.Add(ClvVerb.Create(console));
        root.Subcommands.Add(DemoVerb.Create(console));
        root.Subcommands.Add(UsersVerb.Create(console));
        root.Subcommands.Add(ServeVerb.Create(console));
        root.Subcommands.Add(TouchVerb.Create(console));
        ReadDatesAsIso(root);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                console.Error.WriteLine($"sightline: {Describe(parseError)}");
            }

            console.Error.WriteLine("Run 'sightline --help' for usage.");
            return ExitCodes.BadInput;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = console.Output, Error = console.Error });
    }

    /// <summary>
    /// A value that does not read as its option's type, in the project's words: System.CommandLine names the .NET type
    /// ("System.Nullable`1[System.Int32]").
    /// </summary>
    private static string Describe(ParseError error)
    {
        if (error.SymbolResult is not OptionResult { Option: var option } result || ExpectedValue(option.ValueType) is not { } expected
            || !error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            return error.Message;
        }

        var text = string.Join(" ", result.Tokens.Select(t => t.Value));
        return $"{option.Name}: value '{text}': {(WholeNumberOutOfRange(option.ValueType, text) is { } range ? range : expected)}";
    }

    /// <summary>For a whole number too large for its option's type (--priority 99999999999), the range accepted; else null.</summary>
    private static string? WholeNumberOutOfRange(Type type, string text)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if ((type != typeof(int) && type != typeof(long))
            || !System.Numerics.BigInteger.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        var (min, max) = type == typeof(int) ? ((long)int.MinValue, (long)int.MaxValue) : (long.MinValue, long.MaxValue);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"out of range: expected a whole number from {min} to {max}");
    }

    /// <summary>
    /// Every date option reads year-month-day only. The default parser reads dates as the invariant culture does, month
    /// first: "01/02/2025" was 2 January whatever a workspace's import.date_order said, and "13/02/2025" was refused.
    /// </summary>
    private static void ReadDatesAsIso(Command command)
    {
        foreach (var option in command.Options.OfType<Option<DateOnly?>>())
        {
            option.CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(" ", result.Tokens.Select(t => t.Value));
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
                {
                    return date;
                }

                result.AddError($"{option.Name}: value '{text}': expected a date written year-month-day, such as 2025-03-31");
                return null;
            };
        }

        foreach (var sub in command.Subcommands)
        {
            ReadDatesAsIso(sub);
        }
    }

    private static string? ExpectedValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) || type == typeof(long) ? "expected a whole number"
            : type == typeof(double) || type == typeof(decimal) ? "expected a number"
            : type == typeof(DateOnly) || type == typeof(DateTime) ? "expected a date such as 2025-03-31"
            : type == typeof(bool) ? "expected true or false"
            : type.IsEnum ? $"expected one of {string.Join(", ", Enum.GetNames(type))}"
            : null;
    }
}
