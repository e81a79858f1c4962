using System.Globalization;

namespace Sightline.Models.Evaluation;

/// <summary>
/// Named probability ranges for showing scores to people, such as "&lt;4%", "4–30%" and "&gt;30%". Each band holds its
/// lower cut point, except that the top band starts strictly above the last cut point: with the default cut points,
/// 0.04 and 0.30 both fall in "4–30%".
/// </summary>
public sealed class ProbabilityBands
{
    private const string Expected = "expected a percent such as '4%' or a fraction such as '0.04'";

    private readonly double[] _cutPoints;

    /// <summary>Creates bands from their cut points.</summary>
    /// <param name="cutPoints">Strictly increasing probabilities, each strictly between 0 and 1; at least one.</param>
    /// <exception cref="ArgumentException">The cut points are empty, outside (0, 1) or not strictly increasing.</exception>
    public ProbabilityBands(IReadOnlyList<double> cutPoints)
    {
        ArgumentNullException.ThrowIfNull(cutPoints);
        if (cutPoints.Count == 0)
        {
            throw new ArgumentException("at least one cut point is needed", nameof(cutPoints));
        }

        for (var i = 0; i < cutPoints.Count; i++)
        {
            if (cutPoints[i] is not (> 0 and < 1))
            {
                throw new ArgumentException($"cut point {i} is {cutPoints[i]}; expected a probability strictly between 0 and 1", nameof(cutPoints));
            }

            if (i > 0 && cutPoints[i] <= cutPoints[i - 1])
            {
                throw new ArgumentException($"cut point {i} ({cutPoints[i]}) is not above cut point {i - 1} ({cutPoints[i - 1]}); cut points must be strictly increasing", nameof(cutPoints));
            }
        }

        _cutPoints = [.. cutPoints];
        CutPoints = Array.AsReadOnly(_cutPoints);
        var labels = new string[_cutPoints.Length + 1];
        labels[0] = "<" + Percent(_cutPoints[0]);
        for (var i = 1; i < _cutPoints.Length; i++)
        {
            labels[i] = Number(_cutPoints[i - 1]) + "–" + Percent(_cutPoints[i]);
        }

        labels[^1] = ">" + Percent(_cutPoints[^1]);
        Labels = Array.AsReadOnly(labels);
    }

    /// <summary>The default bands: cut points 0.04 and 0.30, labelled "&lt;4%", "4–30%" and "&gt;30%".</summary>
    public static ProbabilityBands Default { get; } = new([0.04, 0.30]);

    /// <summary>Cut points, strictly increasing, each in (0, 1).</summary>
    public IReadOnlyList<double> CutPoints { get; }

    /// <summary>
    /// One label per band, lowest first: "&lt;a%", then "a–b%" for each pair of neighbouring cut points, then "&gt;z%"
    /// (en dash; percents to at most four decimals without trailing zeros, e.g. "2.5%").
    /// </summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>
    /// The band of <paramref name="probability"/>, 0..<see cref="CutPoints"/>.Count. With the default bands: p &lt; 0.04
    /// gives 0, 0.04 ≤ p ≤ 0.30 gives 1, p &gt; 0.30 gives 2.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1] or NaN.</exception>
    public int IndexOf(double probability)
    {
        Guard.Probability(probability, nameof(probability));
        if (probability > _cutPoints[^1])
        {
            return _cutPoints.Length;
        }

        var index = 0;
        while (index < _cutPoints.Length - 1 && probability >= _cutPoints[index])
        {
            index++;
        }

        return index;
    }

    /// <summary>The label of the band of <paramref name="probability"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1] or NaN.</exception>
    public string Label(double probability) => Labels[IndexOf(probability)];

    /// <summary>Reads cut points from user text such as "4%,30%" or "0.04,0.3"; see <see cref="Parse(string, string)"/>.</summary>
    /// <exception cref="BadInputException">The text is not a valid list of cut points.</exception>
    public static ProbabilityBands Parse(string text) => Parse(text, "bands");

    /// <summary>
    /// Reads comma-separated cut points. A value ending in % is a percent; a bare number below 1 is a fraction and from 1
    /// up a percent ("4,30" = "4%,30%" = "0.04,0.3"). Each must lie strictly between 0% and 100%, and each must be above
    /// the one before.
    /// </summary>
    /// <param name="text">The user's text.</param>
    /// <param name="source">Where the text came from (an option or a settings key), named in diagnostics.</param>
    /// <exception cref="BadInputException">One diagnostic per bad value, naming it and what was expected.</exception>
    public static ProbabilityBands Parse(string text, string source)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new BadInputException(new Diagnostic(source, null, null, text ?? "", "no cut points given; expected a comma-separated list such as '4%,30%' or '0.04,0.3'"));
        }

        var problems = new List<Diagnostic>();
        var cutPoints = new List<double>();
        foreach (var part in text.Split(','))
        {
            var item = part.Trim();
            var problem = ReadCutPoint(item, out var cutPoint);
            if (problem is null && cutPoints.Count > 0 && cutPoint <= cutPoints[^1])
            {
                problem = $"read as {Percent(cutPoint)}, which is not above the previous cut point {Percent(cutPoints[^1])}; cut points must increase (a bare number below 1 is a fraction, from 1 up a percent)";
            }

            if (problem is null)
            {
                cutPoints.Add(cutPoint);
            }
            else
            {
                problems.Add(new Diagnostic(source, null, null, item, problem));
            }
        }

        return problems.Count == 0 ? new ProbabilityBands(cutPoints) : throw new BadInputException(problems, problems.Count);
    }

    /// <summary>Reads one cut point as a probability; returns what is wrong with it, or null.</summary>
    private static string? ReadCutPoint(string item, out double cutPoint)
    {
        cutPoint = 0;
        if (item.Length == 0)
        {
            return "empty cut point; " + Expected;
        }

        var percent = item.EndsWith('%');
        var number = percent ? item[..^1].TrimEnd() : item;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return "not a number; " + Expected;
        }

        cutPoint = percent || value >= 1 ? value / 100 : value;
        return cutPoint switch
        {
            <= 0 => "a cut point must be above 0%",
            >= 1 => "a cut point must be below 100%",
            _ => null,
        };
    }

    private static string Percent(double probability) => Number(probability) + "%";

    private static string Number(double probability) =>
        Math.Round(probability * 100, 4).ToString("0.####", CultureInfo.InvariantCulture);
}
