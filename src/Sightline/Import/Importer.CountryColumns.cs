using System.Globalization;
using Sightline.Data;

namespace Sightline.Import;

public sealed partial class Importer
{
    /// <summary>Words of a header naming where a company is (Maven's "office_location", "HQ Location", "Headquarters"), normalised.</summary>
    private static readonly string[] PlaceHeaderWords = ["location", "office", "headquarter", "hq"];

    /// <summary>The country names a place column must hold, at least, to be read as the country.</summary>
    private const int MinCountryCells = 3;

    /// <summary>The share of a place column's filled cells that may name no country (beyond one spelling) for it to be read as the country.</summary>
    private const double OtherCellsShare = 0.1;

    /// <summary>
    /// An accounts file without a country column whose place column ("office_location" in Maven's accounts.csv) holds country
    /// names or codes in three cells or more, and other values in one spelling only (a misspelt country) or in a tenth of its
    /// cells at most, reads that column as the country, with a note; the values that name no country known ("Philipines")
    /// load as written, named in the note, and the quality report flags them. A place column of cities or offices ("Austin,
    /// TX", "London office") stays a custom attribute.
    /// </summary>
    private IReadOnlyList<MappedColumn> CountryFromPlaceColumn(TableSpec table, IReadOnlyList<MappedColumn> mapped, Func<int, string> rawColumn, SourceFile source)
    {
        if (table.Name != "accounts" || mapped.Any(m => !m.IsCustom && m.Column == "country"))
        {
            return mapped;
        }

        foreach (var place in mapped.Where(m => m.IsCustom && PlaceHeaderWords.Any(w => ColumnMapper.Normalise(m.Header).Contains(w, StringComparison.Ordinal))))
        {
            var cell = $"nullif(trim({rawColumn(place.Position + 1)}), '')";
            var known = $"{CountryNames.KeySql("v")} IN (SELECT spelling FROM {CountryNames.ValuesSql()} c(spelling, name))";
            using var command = _workspace.Connection.CreateCommand();
            command.CommandText = $"""
                SELECT count(v), count(v) FILTER (WHERE {known}), count(DISTINCT v) FILTER (WHERE NOT {known}), string_agg(DISTINCT '''' || v || '''', ', ' ORDER BY '''' || v || '''') FILTER (WHERE NOT {known})
                FROM (SELECT {cell} AS v FROM {source.Reader(storeRejects: false)})
                """;
            using var reader = Workspaces.Workspace.TracedReader(command);
            reader.Read();
            var (filled, countries, spellings) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            if (countries < MinCountryCells || (spellings > 1 && filled - countries > OtherCellsShare * filled))
            {
                continue;
            }

            var others = filled - countries;
            source.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{source.Name}: no country column, and '{place.Header}' holds country names ({countries:N0} of {filled:N0} values), ")
                + "so it is read as each account's country"
                + (others == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
                    $"; {others:N0} value{(others == 1 ? "" : "s")} naming no country known ({reader.GetString(3)}) {(others == 1 ? "is" : "are")} kept as written, and the quality report flags {(others == 1 ? "it" : "them")}")));
            return [.. mapped.Select(m => m == place ? m with { Column = "country", IsCustom = false } : m)];
        }

        return mapped;
    }
}
