using DuckDB.NET.Data;
using Sightline.Data;

namespace Sightline.Tests.Data;

public sealed class CountryNamesTests
{
    [Theory]
    [InlineData("USA", "United States")]
    [InlineData("U.S.A.", "United States")]
    [InlineData(" u. s. ", "United States")]
    [InlineData("United States of America", "United States")]
    [InlineData("gbr", "United Kingdom")]
    [InlineData("England", "United Kingdom")]
    [InlineData("Deutschland", "Germany")]
    [InlineData("DE", "Germany")]
    [InlineData("Österreich", "Austria")]
    [InlineData("Côte d'Ivoire", "Côte d'Ivoire")]
    [InlineData("Korea, Republic of", "South Korea")]
    [InlineData("Holland", "Netherlands")]
    [InlineData("Turkey", "Türkiye")]
    [InlineData("Narnia", null)]
    [InlineData("", null)]
    public void Canonical_ReadsCodesAndOtherSpellings(string text, string? expected) =>
        Assert.Equal(expected, CountryNames.Canonical(text));

    [Fact]
    public void Spellings_EveryCountryByNameAndBothCodes_NoSpellingOfTwo()
    {
        // Reading the table throws when a spelling names two countries.
        var names = CountryNames.Spellings.Values.Distinct().ToList();
        Assert.InRange(names.Count, 225, 260);
        Assert.All(names, name => Assert.Equal(name, CountryNames.Canonical(name)));
        Assert.All(names, name => Assert.True(CountryNames.Spellings.Count(s => s.Value == name) >= 3, $"{name} lacks a code"));
    }

    [Theory]
    [InlineData("U.S.A.")]
    [InlineData("  United \t States  ")]
    [InlineData("u. s.")]
    [InlineData("CÔTE D'IVOIRE")]
    [InlineData("Österreich")]
    public void KeySql_IsKeyInDuckDb(string text)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {CountryNames.KeySql(Sql.Literal(text))}";
        Assert.Equal(CountryNames.Key(text), command.ExecuteScalar());
    }
}
