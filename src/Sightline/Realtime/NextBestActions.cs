using System.Globalization;

namespace Sightline.Realtime;

/// <summary>
/// Chooses what to do with a contact from its predicted reason, the account's white space, renewal timing and rep-list
/// row. A pure function of <see cref="NextBestActionInput"/>: the same input always gives the same action and words.
/// </summary>
public static class NextBestActions
{
    /// <summary>A renewal this many days away or fewer is worth raising on any contact.</summary>
    public const int RenewalSoonDays = 60;

    /// <summary>The next best action and why.</summary>
    public static NextBestAction Choose(NextBestActionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = Context(input);
        switch (input.Reason)
        {
            case ContactReasons.Support:
            {
                var then = FollowOn(input);
                if (input.OpenTickets.Count > 0)
                {
                    var ticket = input.OpenTickets[0];
                    var more = input.OpenTickets.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and {input.OpenTickets.Count - 1} more open)") : "";
                    return new("resolve_ticket", $"resolve ticket {ticket}{more} first{(then is null ? "" : ", then " + then.Value.Text)}",
                        Join($"predicted support{Evidence(input)}", $"{Count(input.OpenTickets.Count, "ticket is", "tickets are")} open", then?.Why, context),
                        then?.Family);
                }

                return new("answer_support", $"answer the support question{(then is null ? "" : ", then " + then.Value.Text)}",
                    Join($"predicted support{Evidence(input)}", "no ticket is open", then?.Why, context), then?.Family);
            }

            case ContactReasons.Renewal:
            {
                var family = input.RenewalFamily ?? input.FamiliesHeld.FirstOrDefault();
                var due = input.DaysToRenewal is { } d ? string.Create(CultureInfo.InvariantCulture, $" due in {Counted.Of(d, "day")}") : "";
                var text = family is null ? "confirm the renewal of the current contract" : $"confirm renewal of {family}{due}";
                var offer = BestNew(input);
                if (offer is not null)
                {
                    text += $", and mention {offer.Family} (white space {Money(offer.Amount, input.Currency)})";
                }

                return new("confirm_renewal", text, Join($"predicted renewal{Evidence(input)}",
                    family is null ? null : $"{family}'s yearly anniversary is {(input.DaysToRenewal is { } days ? string.Create(CultureInfo.InvariantCulture, $"in {Counted.Of(days, "day")}") : "near")}",
                    offer is null ? null : $"{offer.Family} is its largest white space among families it does not hold", context), family);
            }

            case ContactReasons.NewPurchase:
            {
                var offer = RepListFamily(input, "cross_sell", "prospect") ?? BestNew(input);
                if (offer is null)
                {
                    return new("qualify", "qualify the need: ask which product they are looking for",
                        Join($"predicted new purchase{Evidence(input)}", "no white space is known for a family it does not hold", context), null);
                }

                return new("offer_new", $"offer {offer.Family} (white space {Money(offer.Amount, input.Currency)})",
                    Join($"predicted new purchase{Evidence(input)}", $"{offer.Family} is {(input.RepList?.ProductFamily == offer.Family ? "the rep list's pick" : "its largest white space")} among families it does not hold", context),
                    offer.Family);
            }

            case ContactReasons.Upgrade:
            {
                var grow = RepListFamily(input, "up_sell") ?? BestHeld(input);
                if (grow is null)
                {
                    return new("qualify", "ask what they need more of: seats, usage or a higher edition",
                        Join($"predicted upgrade{Evidence(input)}", "no white space is known in a family it holds", context), null);
                }

                return new("propose_upgrade", $"propose a larger {grow.Family} package (white space {Money(grow.Amount, input.Currency)})",
                    Join($"predicted upgrade{Evidence(input)}", $"{grow.Family} is {(input.RepList?.ProductFamily == grow.Family ? "the rep list's pick" : "its largest white space")} among families it holds", context),
                    grow.Family);
            }

            default:
                if (input.RepList is { } list)
                {
                    return new("rep_list", list.NextBestAction, Join("no reason predicted", $"the rep list says: {list.Reason}", context), list.ProductFamily);
                }

                return new("qualify", "ask what the contact is about and log it", Join("no reason predicted and the account is on no rep list", context), null);
        }
    }

    /// <summary>After a support contact: raise a renewal that is due soon, else the rep list's action, else nothing.</summary>
    private static (string Text, string Why, string? Family)? FollowOn(NextBestActionInput input)
    {
        if (input.RenewalFamily is { } family && input.DaysToRenewal is { } days && days <= RenewalSoonDays)
        {
            return (string.Create(CultureInfo.InvariantCulture, $"confirm renewal of {family} due in {Counted.Of(days, "day")}"),
                string.Create(CultureInfo.InvariantCulture, $"{family} renews within {RenewalSoonDays} days"), family);
        }

        if (input.RepList is { } list)
        {
            return (list.NextBestAction, $"the rep list says: {list.Reason}", list.ProductFamily);
        }

        return null;
    }

    private static FamilyWhiteSpace? RepListFamily(NextBestActionInput input, params string[] actions)
    {
        if (input.RepList is not { ProductFamily: { } family } list || !actions.Contains(list.Action, StringComparer.Ordinal))
        {
            return null;
        }

        return input.WhiteSpace.FirstOrDefault(w => w.Family == family) ?? new FamilyWhiteSpace(family, 0);
    }

    private static FamilyWhiteSpace? BestNew(NextBestActionInput input) =>
        input.WhiteSpace.Where(w => w.Amount > 0 && !Holds(input, w.Family))
            .OrderByDescending(w => w.Amount).ThenBy(w => w.Family, StringComparer.Ordinal).FirstOrDefault();

    private static FamilyWhiteSpace? BestHeld(NextBestActionInput input) =>
        input.WhiteSpace.Where(w => w.Amount > 0 && Holds(input, w.Family))
            .OrderByDescending(w => w.Amount).ThenBy(w => w.Family, StringComparer.Ordinal).FirstOrDefault();

    private static bool Holds(NextBestActionInput input, string family) => input.FamiliesHeld.Contains(family, StringComparer.OrdinalIgnoreCase);

    private static string Evidence(NextBestActionInput input) =>
        input.ReasonEvidence.Count == 0 ? "" : $" ({string.Join("; ", input.ReasonEvidence)})";

    private static string? Context(NextBestActionInput input) => (input.Segment, input.Band) switch
    {
        (null, null) => null,
        ({ } s, null) => $"segment {s}",
        (null, { } b) => $"propensity band {b}",
        ({ } s, { } b) => $"segment {s}, propensity band {b}",
    };

    private static string Join(params string?[] parts) => string.Join("; ", parts.Where(p => !string.IsNullOrEmpty(p)));

    private static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : string.Create(CultureInfo.InvariantCulture, $"{n} {many}");

    private static string Money(double amount, string currency) => $"{Models.NumberText.Invariant(amount, "#,0")} {currency}";
}
