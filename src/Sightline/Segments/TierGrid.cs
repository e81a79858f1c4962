using System.Globalization;
using Sightline.Features;
using Sightline.Workspaces;

namespace Sightline.Segments;

/// <summary>One cell of the industry × size grid.</summary>
/// <param name="Accounts">Accounts in the cell.</param>
/// <param name="Customers">Of which customers.</param>
/// <param name="Revenue12m">Their revenue over the last 12 months.</param>
public sealed record TierCell(long Accounts, long Customers, double Revenue12m);

/// <summary>One industry's row of the grid, cells in size-band order.</summary>
public sealed record TierRow(string Industry, IReadOnlyList<TierCell> Cells, TierCell Total);

/// <summary>The industry × size band grid (observable tiers, phase 1 of segmentation).</summary>
public sealed record TierGridReport(DateOnly AsOf, IReadOnlyList<string> Bands, IReadOnlyList<TierRow> Rows, TierRow Total);

/// <summary>Builds the industry × size band grid from the feature table.</summary>
public static class TierGrid
{
    /// <summary>Counts accounts, customers and revenue per industry and size band.</summary>
    /// <exception cref="BadInputException">The feature table has not been built.</exception>
    public static TierGridReport Build(Workspace workspace)
    {
        workspace.RequireAccounts("tier");
        FeatureTable.Require(workspace);
        var bands = workspace.Settings.Tiers.BandValues().ToList();
        var cells = new Dictionary<(string Industry, string Band), TierCell>();
        using (var command = workspace.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT coalesce(nullif(trim(industry), ''), '(no industry)'), size_band, count(*), count(*) FILTER (WHERE is_customer), coalesce(sum(revenue_12m), 0)
                FROM {FeatureBuilder.Table} GROUP BY ALL
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cells[(reader.GetString(0), reader.GetString(1))] = new TierCell(reader.GetInt64(2), reader.GetInt64(3),
                    Convert.ToDouble(reader.GetValue(4), CultureInfo.InvariantCulture));
            }
        }

        var empty = new TierCell(0, 0, 0);
        TierRow Row(string industry, Func<string, TierCell> cell)
        {
            var row = bands.Select(cell).ToList();
            return new TierRow(industry, row, Sum(row));
        }

        var rows = cells.Keys.Select(k => k.Industry).Distinct()
            .Select(industry => Row(industry, band => cells.GetValueOrDefault((industry, band), empty)))
            .OrderByDescending(r => r.Total.Revenue12m).ThenBy(r => r.Industry, StringComparer.Ordinal)
            .ToList();
        var total = Row("All industries", band => Sum(rows.Select(r => r.Cells[bands.IndexOf(band)])));
        return new TierGridReport(FeatureTable.AsOf(workspace), bands, rows, total);
    }

    private static TierCell Sum(IEnumerable<TierCell> cells) =>
        cells.Aggregate(new TierCell(0, 0, 0), (a, b) => new TierCell(a.Accounts + b.Accounts, a.Customers + b.Customers, a.Revenue12m + b.Revenue12m));
}
