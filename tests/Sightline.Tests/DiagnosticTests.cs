namespace Sightline.Tests;

public sealed class DiagnosticTests
{
    [Fact]
    public void ToString_LongValue_IsCutSayingHowLongItWas()
    {
        // A 10 KB rule nested too deeply was repeated whole in its message, as was a pasted document in a cell.
        var rule = new string('(', 5_000) + "x" + new string(')', 5_000);

        var shown = new Diagnostic("sightline.yaml", 12, "routing.rules[0].when", rule, "rule nested too deeply").ToString();

        Assert.Equal($"sightline.yaml:12: column 'routing.rules[0].when' value '{new string('(', 100)}… (10,001 characters)': rule nested too deeply", shown);
    }

    [Fact]
    public void ToString_ValueOfTheLongestShown_IsWhole_AndACutNeverSplitsAPairOfSurrogates()
    {
        var whole = new string('a', Diagnostic.LongestValueShown);
        Assert.Equal($"orders.csv:2: value '{whole}': too long", new Diagnostic("orders.csv", 2, null, whole, "too long").ToString());

        var emoji = new string('a', 99) + "😀" + new string('b', 200);
        Assert.Equal($"orders.csv: value '{new string('a', 99)}… (301 characters)': x", new Diagnostic("orders.csv", null, null, emoji, "x").ToString());
    }

    [Theory]
    [InlineData("plain text, ünïcode 😀", "plain text, ünïcode 😀")]
    [InlineData("ref\0no", "ref\\u0000no")]
    [InlineData("C\u001b[2J", "C\\u001b[2J")]
    [InlineData("tab\there", "tab\\u0009here")]
    [InlineData("del\u007f and c1\u0085", "del\\u007f and c1\\u0085")]
    public void Visible_WritesEveryControlCharacterAsALowerCaseEscape(string text, string shown)
    {
        // One form for the import's headers, the touchpoint validator's values and the login audit's names.
        Assert.Equal(shown, Diagnostic.Visible(text));
    }
}
