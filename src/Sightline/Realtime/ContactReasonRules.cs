namespace Sightline.Realtime;

/// <summary>
/// The rules baseline the reason model must beat: what a contact centre would write by hand. Support when the touch
/// is a support touch or a ticket is open; new purchase when the account holds nothing or asks about a family it does
/// not hold; renewal when a held family's anniversary is within <see cref="RenewalWindowDays"/>; else upgrade.
/// </summary>
public static class ContactReasonRules
{
    /// <summary>A renewal is due when a held family's anniversary is this many days away or fewer.</summary>
    public const int RenewalWindowDays = 45;

    /// <summary>The reason the rules give.</summary>
    public static string Predict(ContactReasonInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (ContactReasons.IsSupportTouch(input.Channel, input.Kind) || input.OpenTickets > 0)
        {
            return ContactReasons.Support;
        }

        if (input.FamiliesHeld.Count == 0 || input.FamiliesAskedAbout.Any(f => !input.FamiliesHeld.Contains(f, StringComparer.OrdinalIgnoreCase)))
        {
            return ContactReasons.NewPurchase;
        }

        return input.DaysToRenewal <= RenewalWindowDays ? ContactReasons.Renewal : ContactReasons.Upgrade;
    }
}
