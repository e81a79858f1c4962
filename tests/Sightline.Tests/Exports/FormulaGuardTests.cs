using System.Text;
using CsCheck;
using Sightline.Exports;

namespace Sightline.Tests.Exports;

public sealed class FormulaGuardTests
{
    /// <summary>Strings that often start with a trigger: a trigger or a safe character, then anything.</summary>
    private static readonly Gen<string> Texts = Gen.OneOf(
        Gen.String,
        Gen.Select(Gen.Char["=+-@\t\r'a 1\n"], Gen.String).Select((c, s) => c + s));

    [Fact]
    public void Neutralise_NeverStartsWithATrigger_AndLeavesSafeTextUnchanged()
    {
        Texts.Sample(text =>
        {
            var safe = FormulaGuard.Neutralise(text);
            Assert.False(FormulaGuard.IsTriggered(safe), $"'{safe}' still starts with a trigger");
            if (text.Length > 0 && FormulaGuard.Triggers.Contains(text[0]))
            {
                Assert.Equal("'" + text, safe);
            }
            else
            {
                Assert.Same(text, safe);
            }
        }, iter: 5_000);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("'=already quoted", "'=already quoted")]
    [InlineData(" =1", " =1")]
    [InlineData("Acme = best", "Acme = best")]
    [InlineData("", "")]
    public void Neutralise_Cases(string text, string expected) => Assert.Equal(expected, FormulaGuard.Neutralise(text));

    [Fact]
    public void CsvWriter_NeutralisesText_QuotesPerRfc4180_AndKeepsNegativeNumbersNumeric()
    {
        using var stream = new MemoryStream();
        using (var csv = new CsvTableWriter(stream))
        {
            csv.Text("=1+2");
            csv.Text("a,\"b\"\nc");
            csv.Number(-2.5, 2);
            csv.Number(-0.0001, 2);
            csv.Number(1234567.891, 2);
            csv.Number(null, 2);
            csv.Text(null);
            csv.EndRow();
            Assert.Equal(1, csv.Neutralised);
        }

        var bytes = stream.ToArray();
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no byte-order mark");
        Assert.Equal("'=1+2,\"a,\"\"b\"\"\nc\",-2.5,0,1234567.89,,\r\n", Encoding.UTF8.GetString(bytes));
    }
}
