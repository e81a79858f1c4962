namespace Sightline.Realtime;

/// <summary>The reason model against its baselines on touches after the time split.</summary>
/// <param name="SplitDate">Touches from this day on are the test set; training touches' label windows end before it.</param>
/// <param name="TrainRows">Labelled touches trained on.</param>
/// <param name="Model">The model's scores on the test set.</param>
/// <param name="Majority">Always predicting the most frequent training reason.</param>
/// <param name="MajorityReason">That reason.</param>
/// <param name="Rules">The hand-written rules (<see cref="ContactReasonRules"/>).</param>
public sealed record ContactReasonMetrics(DateOnly SplitDate, int TrainRows, ContactReasonScores Model, ContactReasonScores Majority, string MajorityReason, ContactReasonScores Rules);
