using Sightline.Exports;

namespace Sightline.Tests.Exports;

public sealed class XlsxCellTextTests
{
    [Theory]
    [InlineData("a\u0001b\u001Fc", "abc")]
    [InlineData("tab\tand\nnewline", "tab\tand\nnewline")]
    [InlineData("emoji \uD83D\uDE00 kept", "emoji \uD83D\uDE00 kept")]
    [InlineData("\uFFFE\uFFFF", "")]
    public void CellText_DropsWhatXmlCannotHold(string text, string expected) => Assert.Equal(expected, XlsxWorkbookWriter.CellText(text));

    [Fact]
    public void CellText_DropsALoneSurrogate()
    {
        // Built in code: a lone surrogate does not survive xunit's serialisation of theory data.
        var text = "lone " + '\uD83D' + " surrogate " + '\uDE00';

        Assert.Equal("lone  surrogate ", XlsxWorkbookWriter.CellText(text));
    }

    [Fact]
    public void CellText_CutsAtExcelsCellLimit()
    {
        Assert.Equal(32_767, XlsxWorkbookWriter.CellText(new string('x', 40_000)).Length);
        Assert.Equal(32_766, XlsxWorkbookWriter.CellText(new string('x', 32_766) + "\uD83D\uDE00").Length);
    }
}
