using Sightline.Models;

namespace Sightline.Realtime;

/// <summary>
/// Early stopping for the reason model's ensembles, by a time split inside the touches a fit learns from: each reason's
/// ensemble is trained on the earlier touches (those whose label window closed before the split day) and keeps the
/// number of trees with the lowest log loss on the later ones. Trees beyond that fit noise, and each costs every live
/// event a walk.
/// </summary>
/// <param name="Share">About this share of the touches, the latest, is checked against; 0 or less turns stopping off.</param>
/// <param name="HorizonDays">The label window: a touch learnt from must have its label settled before the split day.</param>
internal sealed record TreeStopping(double Share, int HorizonDays)
{
    /// <summary>The rows learnt from and the rows checked against, or null when stopping is off or either side has fewer than <see cref="ContactReasonTrainer.MinRows"/>.</summary>
    public (List<int> Learn, List<int> Check)? Split(IReadOnlyList<ContactReasonExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (Share <= 0 || examples.Count == 0)
        {
            return null;
        }

        var byDay = Enumerable.Range(0, examples.Count).OrderBy(i => examples[i].Day).ToList();
        var day = examples[byDay[Math.Min(byDay.Count - 1, (int)Math.Floor(byDay.Count * (1 - Share)))]].Day;
        var learn = byDay.Where(i => examples[i].Day.AddDays(HorizonDays) < day).ToList();
        var check = byDay.Where(i => examples[i].Day >= day).ToList();
        return learn.Count >= ContactReasonTrainer.MinRows && check.Count >= ContactReasonTrainer.MinRows ? (learn, check) : null;
    }

    /// <summary>
    /// The number of trees, 1 to <paramref name="boosting"/>'s count, whose ensemble trained on <paramref name="learn"/> has
    /// the lowest log loss on <paramref name="check"/> (the fewest on a tie); the count itself when the learning rows hold one
    /// class only.
    /// </summary>
    public static int BestCount(float[] matrix, int width, IReadOnlyList<int> learn, IReadOnlyList<int> check, IReadOnlyList<bool> labels, BoostingOptions boosting)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(boosting);
        var positives = learn.Count(r => labels[r]);
        if (positives == 0 || positives == learn.Count)
        {
            return boosting.Trees;
        }

        var ensemble = GradientBoosting.TrainBinary(matrix, width, learn, labels, boosting);
        var losses = LogLossByTrees(ensemble, matrix, width, check, labels);
        var best = 1;
        for (var m = 2; m < losses.Length; m++)
        {
            if (losses[m] < losses[best])
            {
                best = m;
            }
        }

        return ensemble.Trees == 0 ? boosting.Trees : best;
    }

    /// <summary>Per number of trees m (index 0 the bias alone), the summed log loss of the first m trees' probabilities over <paramref name="rows"/>.</summary>
    internal static double[] LogLossByTrees(TreeEnsemble ensemble, float[] matrix, int width, IReadOnlyList<int> rows, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var losses = new double[ensemble.Trees + 1];
        var scores = new double[ensemble.Trees + 1];
        foreach (var r in rows)
        {
            ensemble.StagedScores(matrix.AsSpan(r * width, width), scores);
            for (var m = 0; m < scores.Length; m++)
            {
                // -log of the label's probability, as log(1 + exp(-z)) with z the label-signed score: exact and never infinite.
                var z = labels[r] ? scores[m] : -scores[m];
                losses[m] += z > 0 ? Math.Log(1 + Math.Exp(-z)) : -z + Math.Log(1 + Math.Exp(z));
            }
        }

        return losses;
    }
}
