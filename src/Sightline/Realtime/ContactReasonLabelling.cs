namespace Sightline.Realtime;

/// <summary>How the reason labels are read from history (see docs/realtime.md, "Reason, routing, next best action").</summary>
/// <param name="HorizonDays">What follows an inbound touch is looked for on its day and up to this many days after.</param>
/// <param name="AnniversaryToleranceDays">A repeat order is a renewal when the family was also ordered 365 days before, give or take this many days.</param>
/// <param name="UpgradeFactor">A held family's order is an upgrade when it is more than this many times its usual order.</param>
public sealed record ContactReasonLabelling(int HorizonDays = 30, int AnniversaryToleranceDays = 45, double UpgradeFactor = 1.25);
