using CsCheck;
using Sightline.Exports;
using Sightline.Tests.Support;

namespace Sightline.Tests.Exports;

public sealed class CsvTableWriterTests
{
    /// <summary>Text rich in what CSV quoting and formula neutralisation must handle; no lone surrogates (UTF-8 cannot hold them).</summary>
    private static readonly Gen<string> Texts = Gen.OneOf(
        Gen.String[Gen.Char[",\"\r\n=+-@\t' aZ9é"], 0, 12],
        Gen.String.Where(s => !s.Any(char.IsSurrogate)));

    [Fact]
    public void Rows_ParseBackToTheNeutralisedText_FieldForField()
    {
        using var dir = new TempDirectory();
        var path = dir.File("rows.csv");
        Gen.Select(Texts.Array[1, 6].Array[1, 5], Gen.Double[-1e9, 1e9]).Sample((rows, number) =>
        {
            using (var stream = new FileStream(path, FileMode.Create))
            using (var csv = new CsvTableWriter(stream))
            {
                foreach (var row in rows)
                {
                    foreach (var field in row)
                    {
                        csv.Text(field);
                    }

                    csv.Number(number, 2);
                    csv.EndRow();
                }
            }

            var back = CsvReadBack.Read(path);
            Assert.Equal(rows.Length, back.Count);
            for (var r = 0; r < rows.Length; r++)
            {
                Assert.Equal(rows[r].Select(FormulaGuard.Neutralise), back[r][..^1]);
                Assert.Equal(Math.Round(number, 2, MidpointRounding.AwayFromZero), double.Parse(back[r][^1], System.Globalization.CultureInfo.InvariantCulture));
                Assert.NotEqual("-0", back[r][^1]);
            }
        }, iter: 500, threads: 1);
    }
}
