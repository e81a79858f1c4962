using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Sightline.Cli;

/// <summary>Where a verb writes: plain writers for --json and errors, Spectre for tables and progress.</summary>
internal sealed class CliConsole
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public CliConsole(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
        Interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!Interactive)
        {
            Ansi.Profile.Width = RedirectedWidth(Environment.GetEnvironmentVariable("COLUMNS"));
        }
    }

    /// <summary>
    /// The width tables are laid out in when the output is a file or a pipe: the COLUMNS the user set, else wide enough
    /// that a table of large amounts keeps each row on one line (wrapped cells cannot be read back, nor grepped).
    /// </summary>
    internal static int RedirectedWidth(string? columns) =>
        int.TryParse(columns, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var width) && width is >= 40 and <= 10_000
            ? width : 400;

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public IAnsiConsole Ansi { get; }

    /// <summary>True on a terminal: progress bars are shown only then.</summary>
    public bool Interactive { get; }

    public void WriteJson<T>(T value) => Output.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Writes a verb's result: as JSON with --json, else the verb's own human form.</summary>
    public int Result<T>(bool json, T value, Action<T> print)
    {
        if (json)
        {
            WriteJson(value);
        }
        else
        {
            print(value);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Runs a verb body with the shared exit-code rules: bad input → 2, anything else unexpected → 1.</summary>
    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (BadInputException e)
        {
            Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        catch (Segments.Rules.RuleSyntaxException e)
        {
            Error.WriteLine($"{e.RuleName}: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (DuckDB.NET.Data.DuckDBException e) when (e.Message.Contains("read-only mode", StringComparison.Ordinal) || e.Message.Contains("readonly database", StringComparison.Ordinal))
        {
            // A workspace this user cannot write is opened read-only for reading commands; one that writes after all ends here.
            Error.WriteLine("the workspace is not writable (it was opened read-only) and this command writes to it; give this user write permission on the folder and its sightline.duckdb");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            Error.WriteLine("cancelled");
            return ExitCodes.InternalError;
        }
#pragma warning disable CA1031 // The top of a verb turns any unexpected failure into exit code 1 with its message.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Error.WriteLine($"internal error: {e.Message}");
            Error.WriteLine(e.StackTrace);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Runs <paramref name="work"/> under a progress bar on a terminal, plainly otherwise.</summary>
    public T WithProgress<T>(string title, Func<Action<string, double>, T> work)
    {
        if (!Interactive)
        {
            return work((_, _) => { });
        }

        return Ansi.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: 1.0);
                return work((step, fraction) =>
                {
                    task.Description = $"{title}: {step}";
                    task.Value = Math.Clamp(fraction, 0, 1);
                });
            });
    }
}
