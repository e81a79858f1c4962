using Sightline.Models;

namespace Sightline.Realtime;

/// <summary>Settings for training the reason model.</summary>
/// <param name="Labelling">How labels are read from history.</param>
/// <param name="TestShare">About this share of the labelled touches, the latest ones, are held out for the out-of-sample scores.</param>
/// <param name="Boosting">Tree settings for each reason's ensemble; its tree count is the most each reason may keep.</param>
/// <param name="MaxKinds">At most this many touch kinds are told apart (the most frequent).</param>
/// <param name="StoppingShare">
/// About this share of the touches a fit learns from, the latest ones, chooses each reason's number of trees (early
/// stopping: the count with the lowest log loss on them when trained on the earlier ones); 0 keeps every tree.
/// </param>
public sealed record ContactReasonTrainingOptions(ContactReasonLabelling? Labelling = null, double TestShare = 0.25, BoostingOptions? Boosting = null, int MaxKinds = 24,
    double StoppingShare = 0.2);
