namespace Sightline.Models.Evaluation;

/// <summary>
/// Positive-unlabelled learning after Elkan and Noto (2008): a classifier trained to tell labelled rows (known positives,
/// e.g. customers) from the rest estimates g(x) = P(labelled | x). When labelled positives are a random sample of all
/// positives, g(x) = c · P(positive | x) with the label frequency c = P(labelled | positive).
/// </summary>
public static class PositiveUnlabelled
{
    /// <summary>
    /// Elkan–Noto estimator e1: c = P(labelled | positive), estimated as the mean calibrated g(x) = P(labelled | x) over the
    /// labelled rows (best taken on rows held out from training g).
    /// </summary>
    /// <param name="labelledProbability">Calibrated g(x) of each row, in [0, 1].</param>
    /// <param name="labelled">Whether each row is labelled.</param>
    /// <exception cref="ArgumentException">The spans differ in length, a probability is outside [0, 1], or no row is labelled.</exception>
    public static double LabelFrequency(ReadOnlySpan<double> labelledProbability, ReadOnlySpan<bool> labelled)
    {
        Guard.SameLength(labelledProbability.Length, labelled.Length, nameof(labelled));
        Guard.Probabilities(labelledProbability, nameof(labelledProbability));
        var sum = 0.0;
        var count = 0;
        for (var i = 0; i < labelled.Length; i++)
        {
            if (labelled[i])
            {
                sum += labelledProbability[i];
                count++;
            }
        }

        return count > 0 ? sum / count : throw new ArgumentException("no row is labelled; the label frequency needs at least one", nameof(labelled));
    }

    /// <summary>P(positive | x) = min(1, g(x) / c).</summary>
    /// <param name="labelledProbability">Calibrated g(x) = P(labelled | x), in [0, 1].</param>
    /// <param name="labelFrequency">c from <see cref="LabelFrequency"/>, in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">A probability is outside its range.</exception>
    public static double PositiveProbability(double labelledProbability, double labelFrequency)
    {
        Guard.Probability(labelledProbability, nameof(labelledProbability));
        if (labelFrequency is not (> 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(labelFrequency), labelFrequency, "expected a label frequency in (0, 1]");
        }

        return Math.Min(1, labelledProbability / labelFrequency);
    }

    /// <summary>Estimated class prior P(positive): the mean of <see cref="PositiveProbability"/> over all rows.</summary>
    /// <param name="labelledProbability">Calibrated g(x) of each row, labelled or not, in [0, 1].</param>
    /// <param name="labelFrequency">c from <see cref="LabelFrequency"/>, in (0, 1].</param>
    /// <exception cref="ArgumentException">The span is empty or a probability is outside its range.</exception>
    public static double ClassPrior(ReadOnlySpan<double> labelledProbability, double labelFrequency)
    {
        Guard.NotEmpty(labelledProbability.Length, nameof(labelledProbability));
        var sum = 0.0;
        foreach (var g in labelledProbability)
        {
            sum += PositiveProbability(g, labelFrequency);
        }

        return sum / labelledProbability.Length;
    }

    /// <summary>
    /// A lower bound of c that holds when the classes overlap (where e1 falls short): under random labelling no region of
    /// the data can have a labelled share above c, and a region of sure positives has exactly c. So c is at least the
    /// highest labelled share among the top-m rows by score, over m of at least <paramref name="minRows"/>
    /// (the top-region idea of Bekker and Davis's TIcE, with score prefixes as the regions).
    /// </summary>
    /// <param name="scores">Out-of-fold scores, higher meaning more likely labelled.</param>
    /// <param name="labelled">Whether each row is labelled.</param>
    /// <param name="minRows">Smallest region considered: small regions are noisy and would overstate c.</param>
    /// <exception cref="ArgumentException">The spans differ in length or are empty.</exception>
    public static double TopRegionLabelFrequency(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labelled, int minRows)
    {
        Guard.SameLength(scores.Length, labelled.Length, nameof(labelled));
        Guard.NotEmpty(scores.Length, nameof(scores));
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = scores.ToArray();
        Array.Sort(keys, order);
        var best = 0.0;
        var hits = 0;
        for (var m = 1; m <= order.Length; m++)
        {
            hits += labelled[order[^m]] ? 1 : 0;
            if (m >= Math.Min(minRows, order.Length))
            {
                best = Math.Max(best, (double)hits / m);
            }
        }

        return best;
    }

    /// <summary>
    /// Elkan–Noto's probability that a row which is not labelled is a positive: (1 − c)/c · g/(1 − g), capped at 1.
    /// This is what "probability of buying" means for an account not yet known as a buyer.
    /// </summary>
    /// <param name="labelledProbability">Calibrated g(x) = P(labelled | x), in [0, 1].</param>
    /// <param name="labelFrequency">c, in (0, 1].</param>
    public static double UnlabelledPositiveProbability(double labelledProbability, double labelFrequency)
    {
        Guard.Probability(labelledProbability, nameof(labelledProbability));
        if (labelFrequency is not (> 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(labelFrequency), labelFrequency, "expected a label frequency in (0, 1]");
        }

        return labelledProbability >= 1 ? 1 : Math.Min(1, (1 - labelFrequency) / labelFrequency * labelledProbability / (1 - labelledProbability));
    }
}
