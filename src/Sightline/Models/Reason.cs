namespace Sightline.Models;

/// <summary>One attribute's push on a score, in words: <c>industry = Hospitals raises it</c>.</summary>
/// <param name="Attribute">The input column.</param>
/// <param name="Text">The attribute and value as a person reads it, such as <c>no decision maker</c>.</param>
/// <param name="Contribution">Its contribution to the raw score (log-odds for classifiers): positive raises, negative lowers.</param>
public sealed record Reason(string Attribute, string Text, double Contribution)
{
    /// <summary>True when it raises the score.</summary>
    public bool Raises => Contribution > 0;

    /// <summary>The sentence shown to people.</summary>
    public override string ToString() => $"{Text} {(Raises ? "raises" : "lowers")} it";
}
