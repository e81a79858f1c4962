namespace Sightline.Exports;

/// <summary>The cell formats the workbook defines (indexes into its <c>cellXfs</c>).</summary>
internal enum XlsxStyle : uint
{
    Default = 0,
    Header = 1,
    Money = 2,
    Percent = 3,
    Integer = 4,
    Title = 5,
    Bold = 6,
    BoldMoney = 7,
    BoldInteger = 8,
    BoldPercent = 9,
}
