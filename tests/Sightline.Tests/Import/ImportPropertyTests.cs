using System.Globalization;
using System.Text;
using CsCheck;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>Random valid rows always load exactly: every value comes back as written.</summary>
public sealed class ImportPropertyTests
{
    private static readonly Gen<string> Text = Gen.String[Gen.Char["abcdefghij ,;\"'éü\n-_.&"], 1, 12]
        .Where(s => s.Trim().Length > 0 && s == s.Trim());

    private static readonly Gen<(string Name, string? Industry, long? Employees, double? Revenue, DateOnly? Created)> Row =
        Gen.Select(Text, Text.Null(), Gen.Long[0, 2_000_000].Nullable(), Gen.Double[0, 1e9].Select(d => Math.Round(d, 2)).Nullable(),
            Gen.Int[0, 9000].Select(d => new DateOnly(2000, 1, 1).AddDays(d)).Nullable());

    [Fact]
    public void RandomValidAccounts_LoadExactly()
    {
        Row.List[1, 40].Sample(rows =>
        {
            using var ws = new TestWorkspace();
            var csv = new StringBuilder("account_id,name,industry,employees,annual_revenue,created_at\n");
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                csv.Append(CultureInfo.InvariantCulture, $"A{i},{Quote(r.Name)},{Quote(r.Industry)},{r.Employees},{r.Revenue?.ToString("R", CultureInfo.InvariantCulture)},{r.Created?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\n");
            }

            var result = ws.Import(null, ("accounts.csv", csv.ToString()));
            Assert.Equal(rows.Count, result.RowsLoaded);
            var loaded = ws.Rows("SELECT name, industry, employees, annual_revenue, created_at::VARCHAR FROM accounts ORDER BY CAST(substr(account_id, 2) AS INTEGER)");
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                Assert.Equal(new object?[] { r.Name, r.Industry, r.Employees, r.Revenue, r.Created?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, loaded[i]);
            }
        }, iter: 25);
    }

    private static string Quote(string? text) => text is null ? "" : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
