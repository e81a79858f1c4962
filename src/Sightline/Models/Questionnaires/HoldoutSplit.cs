namespace Sightline.Models.Questionnaires;

/// <summary>A seeded, stratified held-out split: each class keeps its share in both parts.</summary>
internal static class HoldoutSplit
{
    /// <summary>
    /// Per class (in class order), its rows in row order are shuffled with one seeded generator and the
    /// first round(n × share) are held out, but never all of them: each class keeps a training account.
    /// </summary>
    public static bool[] Select(int[] classes, int classCount, double share, int seed)
    {
        var random = new Random(seed);
        var heldOut = new bool[classes.Length];
        for (var c = 0; c < classCount; c++)
        {
            var rows = Enumerable.Range(0, classes.Length).Where(r => classes[r] == c).ToArray();
            for (var i = rows.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (rows[i], rows[j]) = (rows[j], rows[i]);
            }

            var take = Math.Min((int)Math.Round(rows.Length * share, MidpointRounding.AwayFromZero), rows.Length - 1);
            for (var i = 0; i < take; i++)
            {
                heldOut[rows[i]] = true;
            }
        }

        return heldOut;
    }
}
