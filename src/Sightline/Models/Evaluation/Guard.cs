namespace Sightline.Models.Evaluation;

/// <summary>Argument checks shared by the evaluation types: paired spans and probabilities.</summary>
internal static class Guard
{
    /// <summary>Throws unless two paired inputs have the same length.</summary>
    public static void SameLength(int expected, int actual, string paramName)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{paramName} has {actual} values but {expected} were expected (one per row)", paramName);
        }
    }

    /// <summary>Throws unless there is at least one row.</summary>
    public static void NotEmpty(int length, string paramName)
    {
        if (length == 0)
        {
            throw new ArgumentException($"{paramName} is empty; at least one value is needed", paramName);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is a probability in [0, 1] (NaN is not).</summary>
    public static void Probability(double value, string paramName)
    {
        if (value is not (>= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(paramName, value, "expected a probability in [0, 1]");
        }
    }

    /// <summary>Throws at the first value that is not a probability in [0, 1], naming its index.</summary>
    public static void Probabilities(ReadOnlySpan<double> values, string paramName)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not (>= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(paramName, values[i], $"value at index {i} is not a probability in [0, 1]");
            }
        }
    }
}
