using System.CommandLine;
using Sightline.Realtime;
using Sightline.Workspaces;

namespace Sightline.Cli.Verbs;

/// <summary><c>sightline touch --workspace DIR (--event JSON | --file PATH)</c>: validate touchpoints and append them to the event log.</summary>
internal static class TouchVerb
{
    public static Command Create(CliConsole console)
    {
        var workspace = CommonOptions.Workspace();
        var eventJson = new Option<string?>("--event") { Description = "One event as a JSON object, or several as a JSON array" };
        var file = new Option<string?>("--file") { Description = "A file of events: JSON (object, array or one object per line), CSV with a header, or an Excel workbook (.xlsx, first sheet)" };
        var tolerance = new Option<double>("--future-tolerance-minutes")
        {
            Description = "How many minutes after now an occurred_at may be (clock differences between systems)",
            DefaultValueFactory = _ => TouchpointEventValidationOptions.Default.FutureTolerance.TotalMinutes,
        };
        var zone = new Option<string?>("--time-zone")
        {
            Description = "Where occurred_at values without an offset were written (an IANA name such as Europe/Berlin, or UTC); without it they are refused as ambiguous",
        };
        var json = CommonOptions.Json();
        var command = new Command("touch", """
            Record touchpoints (calls, emails, meetings, support contacts ...) in the workspace's event log. Events are
            validated first; a batch with any malformed event is rejected whole (exit code 2, every problem listed) and
            nothing is appended. An event_id already in the log is a duplicate: it is reported, not stored again.
            Fields: event_id, account_id, occurred_at (ISO 8601 with zone), channel (required); kind, direction (in/out),
            contact_id, outcome, product_family, ticket_id + ticket_state (open/closed) or "ticket": {"id", "state"}.
            A CSV file may name them as CRM exports do ("Engagement ID", "Associated Company ID", "Activity Date",
            "Call direction"); its other columns are not read, and a note names them. Export times such as
            11/23/2026 4:05 PM, 23.11.2026 16:05 or a date alone are read with --time-zone, slashed dates in the
            order of import.date_order in sightline.yaml (month first unless dmy); mail dates (Mon, 23 Nov 2026
            10:15:00 GMT) and zone abbreviations of fixed meaning (EST, CET; CST is US Central) need no --time-zone.
            Placeholders for a missing time (midnight of 1970-01-01, 1900-01-01, 1899-12-30) are refused.

            Examples:
              sightline touch --workspace ./demo --event '{"event_id":"EV-1","account_id":"A0000042","occurred_at":"2026-11-23T10:15:00Z","channel":"call","direction":"in"}'
              sightline touch --workspace ./demo --file todays-calls.csv --json
              sightline touch --workspace ./demo --file hubspot-calls.csv --time-zone America/New_York
            """) { workspace, eventJson, file, tolerance, zone, json };
        command.SetAction(parse => console.Guard(() =>
        {
            var (text, path) = (parse.GetValue(eventJson), parse.GetValue(file));
            if ((text is null) == (path is null))
            {
                throw new BadInputException("touch", "give the events either with --event JSON or with --file PATH (exactly one of them)");
            }

            var minutes = parse.GetValue(tolerance);
            var maxMinutes = TouchpointEventValidationOptions.MaxFutureTolerance.TotalMinutes;
            if (!(minutes >= 0 && minutes <= maxMinutes))
            {
                throw new BadInputException(new Diagnostic("--future-tolerance-minutes", null, null, minutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"expected a number of minutes from 0 to {maxMinutes:0} (a year)")));
            }

            using var ws = Workspace.Open(parse.GetValue(workspace)!);
            var validator = new TouchpointEventValidator(ws, new TouchpointEventValidationOptions(TimeSpan.FromMinutes(minutes)).WithLocalZone(parse.GetValue(zone), zone.Name));
            var notes = new List<string>();
            var events = text is not null ? validator.ValidateJson(text, "--event", notes) : validator.ValidateFile(path!, notes);
            var result = new TouchpointLog(ws).Append(events);
            var asJson = parse.GetValue(json);
            foreach (var note in notes)
            {
                // Beside JSON, on the error stream, so that the answer on standard output stays one document.
                (asJson ? console.Error : console.Output).WriteLine($"note: {note}");
            }

            return console.Result(asJson, result, r => Print(console, r));
        }));
        return command;
    }

    private static void Print(CliConsole console, TouchpointLogAppendResult result)
    {
        var appended = result.Events.Where(e => e.Status == TouchpointLogStatus.Appended).ToList();
        var span = appended.Count switch
        {
            0 => "",
            1 => $" (sequence {appended[0].Sequence})",
            _ => $" (sequences {appended[0].Sequence}-{appended[^1].Sequence})",
        };
        console.Output.WriteLine($"Appended {result.Appended} event{(result.Appended == 1 ? "" : "s")}{span}; " +
            $"{result.Duplicates} duplicate{(result.Duplicates == 1 ? "" : "s")} not applied again" +
            (result.DuplicatesDiffering > 0 ? $", {result.DuplicatesDiffering} of them with a different payload (the stored event was kept)" : "") +
            $". The log now ends at sequence {result.LastSequence}.");
        foreach (var duplicate in result.Events.Where(e => e.Status == TouchpointLogStatus.Duplicate))
        {
            console.Output.WriteLine($"  {duplicate.EventId}: {duplicate.Reason}");
        }
    }
}
