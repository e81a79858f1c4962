using Sightline.Models;

namespace Sightline.Realtime;

/// <summary>Settings for training the reason model.</summary>
/// <param name="Labelling">How labels are read from history.</param>
/// <param name="TestShare">About this share of the labelled touches, the latest ones, are held out for the out-of-sample scores.</param>
/// <param name="Boosting">Tree settings for each reason's ensemble.</param>
/// <param name="MaxKinds">At most this many touch kinds are told apart (the most frequent).</param>
public sealed record ContactReasonTrainingOptions(ContactReasonLabelling? Labelling = null, double TestShare = 0.25, BoostingOptions? Boosting = null, int MaxKinds = 24);
