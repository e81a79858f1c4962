using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sightline.Data;
using Sightline.Models;

namespace Sightline.Realtime;

/// <summary>
/// The reason-for-contact model: one gradient-boosted tree ensemble per reason (one against the rest), over a fixed
/// encoding of <see cref="ContactReasonInput"/>. It predicts in process from the record alone (no database), so the
/// live grain can call it on every touch; the JSON form is the artefact kept in the workspace's <c>models</c> table.
/// </summary>
public sealed class ContactReasonModel
{
    private Slot[]? _slots;

    /// <summary>Reasons in class order (<see cref="ContactReasons.All"/>).</summary>
    public required List<string> Classes { get; init; }

    /// <summary>Touch kinds told apart, most frequent in training first; other kinds count as none of them.</summary>
    public required List<string> Kinds { get; init; }

    /// <summary>Product families told apart (held, asked about).</summary>
    public required List<string> Families { get; init; }

    /// <summary>Per class, its ensemble; the raw score is the log-odds of that reason against the rest.</summary>
    public required List<TreeEnsemble> Trees { get; init; }

    /// <summary>The input slots' names, in encoding order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> SlotNames => Slots.Select(s => s.Name).ToList();

    /// <summary>Values per encoded row.</summary>
    [JsonIgnore]
    public int Width => Slots.Length;

    private Slot[] Slots => _slots ??= BuildSlots();

    /// <summary>Predicts the reason for one contact, with the evidence that pushed towards it most.</summary>
    /// <param name="input">The account's state at the touch.</param>
    /// <param name="evidence">How many reasons in words to give (the strongest pushes towards the predicted reason).</param>
    public ContactReasonPrediction Predict(ContactReasonInput input, int evidence = 3)
    {
        ArgumentNullException.ThrowIfNull(input);
        Span<float> row = stackalloc float[Width];
        Encode(input, row);
        var probabilities = Probabilities(row);
        var best = 0;
        for (var k = 1; k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[best])
            {
                best = k;
            }
        }

        var words = new List<string>(evidence);
        if (evidence > 0)
        {
            Span<double> contributions = stackalloc double[Width];
            contributions.Clear();
            Trees[best].Contributions(row, contributions);
            var slots = Slots;

            // An absent indicator ("not contacting on support") is true but reads as no reason at all: evidence names what is there.
            for (var s = 0; s < slots.Length; s++)
            {
                if (slots[s].Indicator && row[s] == 0)
                {
                    contributions[s] = 0;
                }
            }

            for (var taken = 0; taken < evidence; taken++)
            {
                var top = -1;
                for (var s = 0; s < contributions.Length; s++)
                {
                    if (contributions[s] > 1e-6 && (top < 0 || contributions[s] > contributions[top]))
                    {
                        top = s;
                    }
                }

                if (top < 0)
                {
                    break;
                }

                words.Add(slots[top].Describe(input));
                contributions[top] = 0;
            }
        }

        return new ContactReasonPrediction(Classes[best], probabilities[best], probabilities, words);
    }

    /// <summary>
    /// Each reason's probability: the one-against-rest probabilities (logistic of each ensemble's log-odds) scaled to sum to 1.
    /// </summary>
    internal double[] Probabilities(ReadOnlySpan<float> row)
    {
        var p = new double[Trees.Count];
        var total = 0.0;
        for (var k = 0; k < Trees.Count; k++)
        {
            p[k] = 1 / (1 + Math.Exp(-Trees[k].Score(row)));
            total += p[k];
        }

        for (var k = 0; k < p.Length; k++)
        {
            p[k] = total > 0 ? p[k] / total : 1.0 / p.Length;
        }

        return p;
    }

    /// <summary>Writes the encoded input into <paramref name="row"/> (length <see cref="Width"/>).</summary>
    internal void Encode(ContactReasonInput input, Span<float> row)
    {
        var slots = Slots;
        for (var s = 0; s < slots.Length; s++)
        {
            var value = slots[s].Value(input);
            row[s] = double.IsNaN(value) ? FeatureEncoder.Missing : (float)value;
        }
    }

    /// <summary>Encodes many inputs into one row-major matrix, for training.</summary>
    internal float[] Encode(IReadOnlyList<ContactReasonInput> inputs)
    {
        var matrix = new float[inputs.Count * Width];
        for (var r = 0; r < inputs.Count; r++)
        {
            Encode(inputs[r], matrix.AsSpan(r * Width, Width));
        }

        return matrix;
    }

    /// <summary>The model as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads a model written by <see cref="ToJson"/>.</summary>
    /// <exception cref="BadInputException">The text is not a reason model.</exception>
    public static ContactReasonModel FromJson(string json, string source)
    {
        try
        {
            var model = JsonSerializer.Deserialize<ContactReasonModel>(json) ?? throw new BadInputException(source, "the model is empty");
            if (model.Trees.Count != model.Classes.Count)
            {
                throw new BadInputException(source, $"the model has {model.Trees.Count} ensembles for {model.Classes.Count} reasons; expected one per reason");
            }

            return model;
        }
        catch (JsonException e)
        {
            throw new BadInputException(new Diagnostic(source, e.LineNumber + 1, null, null, $"not a reason-for-contact model: {e.Message}"));
        }
    }

    private Slot[] BuildSlots()
    {
        var inv = CultureInfo.InvariantCulture;
        var slots = new List<Slot>();
        foreach (var channel in CanonicalSchema.TouchpointChannels)
        {
            slots.Add(new($"channel_is_{channel}", i => Is(i.Channel, channel), i => Is(i.Channel, channel) > 0 ? $"contacting on {channel}" : $"not contacting on {channel}", true));
        }

        foreach (var kind in Kinds)
        {
            slots.Add(new($"kind_is_{kind}", i => Is(i.Kind, kind), i => Is(i.Kind, kind) > 0 ? $"the touch is a {Words(kind)}" : $"the touch is not a {Words(kind)}", true));
        }

        foreach (var channel in CanonicalSchema.TouchpointChannels)
        {
            slots.Add(new($"{channel}_touches_30d", i => i.ChannelTouches30d.GetValueOrDefault(channel), i => Count(i.ChannelTouches30d.GetValueOrDefault(channel), $"{channel} touch", $"{channel} touches", "in the last 30 days")));
            slots.Add(new($"{channel}_touches_90d", i => i.ChannelTouches90d.GetValueOrDefault(channel), i => Count(i.ChannelTouches90d.GetValueOrDefault(channel), $"{channel} touch", $"{channel} touches", "in the last 90 days")));
        }

        foreach (var kind in Kinds)
        {
            slots.Add(new($"{kind}_30d", i => i.KindTouches30d.GetValueOrDefault(kind), i => Count(i.KindTouches30d.GetValueOrDefault(kind), Words(kind), Words(kind) + "s", "in the last 30 days")));
        }

        foreach (var family in Families)
        {
            slots.Add(new($"asks_about_{family}", i => Has(i.FamiliesAskedAbout, family), i => Has(i.FamiliesAskedAbout, family) > 0 ? $"asking about {family}" : $"not asking about {family}", true));
            slots.Add(new($"holds_{family}", i => Has(i.FamiliesHeld, family), i => Has(i.FamiliesHeld, family) > 0 ? $"holds {family}" : $"does not hold {family}", true));
        }

        slots.Add(new("asks_about_unheld", AsksAboutUnheld, i => AsksAboutUnheld(i) > 0
            ? $"asking about {string.Join(", ", i.FamiliesAskedAbout.Where(f => !i.FamiliesHeld.Contains(f, StringComparer.OrdinalIgnoreCase)))}, not held yet"
            : "asking about nothing new"));
        slots.Add(new("families_held", i => i.FamiliesHeld.Count, i => i.FamiliesHeld.Count == 0 ? "holds no product yet" : Count(i.FamiliesHeld.Count, "product family", "product families", "held")));
        slots.Add(new("open_tickets", i => i.OpenTickets, i => Count(i.OpenTickets, "open support ticket", "open support tickets", "")));
        slots.Add(new("days_since_last_order", i => i.DaysSinceLastOrder ?? double.NaN, i => i.DaysSinceLastOrder is { } d
            ? string.Create(inv, $"last order {Counted.Of(d, "day")} ago") : "never ordered"));
        slots.Add(new("days_to_renewal", i => i.DaysToRenewal ?? double.NaN, i => i.DaysToRenewal is { } d
            ? string.Create(inv, $"{i.RenewalFamily} anniversary in {Counted.Of(d, "day")}") : "nothing to renew"));
        slots.Add(new("orders_365d", i => i.Orders365d, i => Count(i.Orders365d, "order day", "order days", "in the last year")));
        slots.Add(new("revenue_365d", i => i.Revenue365d, i => string.Create(inv, $"{i.Revenue365d:#,0} bought in the last year")));
        slots.Add(new("days_to_competitor_contract_end", i => i.DaysToCompetitorContractEnd ?? double.NaN, i => i.DaysToCompetitorContractEnd is { } d
            ? string.Create(inv, $"a competitor's contract ends in {Counted.Of(d, "day")}") : "no competitor contract known"));
        return [.. slots];
    }

    private static double Is(string? value, string wanted) => string.Equals(value, wanted, StringComparison.OrdinalIgnoreCase) ? 1 : 0;

    private static double Has(IReadOnlyList<string> values, string wanted) => Contains(values, wanted) ? 1 : 0;

    private static double AsksAboutUnheld(ContactReasonInput i)
    {
        var unheld = 0;
        foreach (var family in i.FamiliesAskedAbout)
        {
            unheld += Contains(i.FamiliesHeld, family) ? 0 : 1;
        }

        return unheld;
    }

    // Loops rather than LINQ's Contains: every event encodes these for each family.
    private static bool Contains(IReadOnlyList<string> values, string wanted)
    {
        for (var k = 0; k < values.Count; k++)
        {
            if (string.Equals(values[k], wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Words(string name) => name.Replace('_', ' ');

    private static string Count(double n, string one, string many, string when)
    {
        var text = n switch
        {
            0 => $"no {many}",
            1 => $"1 {one}",
            _ => string.Create(CultureInfo.InvariantCulture, $"{n:0} {many}"),
        };
        return when.Length == 0 ? text : $"{text} {when}";
    }

    // One encoded value: its name, how it is read from the input, how it reads as evidence, and whether it is a yes/no
    // indicator (only its yes side is given as evidence).
    private sealed record Slot(string Name, Func<ContactReasonInput, double> Value, Func<ContactReasonInput, string> Describe, bool Indicator = false);
}
