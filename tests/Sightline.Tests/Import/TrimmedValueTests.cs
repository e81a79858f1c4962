using Sightline.Import;
using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>
/// The staging SQL's trim (<see cref="StagingPlan.TrimmedOrNull"/>) tests cheaply whether a value may need trimming; these
/// tests hold it to the plain rule: blanks at either end go, a blank value is missing, ="…" is unwrapped, all else stays.
/// </summary>
public sealed class TrimmedValueTests : IDisposable
{
    private const string Blanks = " \t\n\r\u00A0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B\u200C\u200D\u200E\u200F"
        + "\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u202F\u205F\u2060\u2066\u2067\u2068\u2069\u3000\uFEFF";
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static string? Expected(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (Blanks.Contains(value[0], StringComparison.Ordinal) || Blanks.Contains(value[^1], StringComparison.Ordinal))
        {
            return value.Trim(Blanks.ToCharArray()) is { Length: > 0 } trimmed ? trimmed : null;
        }

        return value.StartsWith("=\"", StringComparison.Ordinal) && value.EndsWith('"') && value.Length >= 3
            ? value[2..^1].Trim(Blanks.ToCharArray()) is { Length: > 0 } inner ? inner : null
            : value;
    }

    public static TheoryData<string> Values() =>
    [
        "A1", "", " ", "A1 ", " A1", "\tA1", "A1\t", "A1\r", "A1\n", "\nA1", "\u00A0A1", "A1\u00A0", "A1\u202F", "A1\u2009",
        "A1\u2007", "A1\u200B", "\uFEFFA1", "A1\uFEFF", "\u00A0\u00A0", "Ünited", "Zürich", "Zürich\u00A0", "東京", "東京 ",
        "\u0001A1", "A1\u0001", "\u00E9t\u00E9", "\u00A9 Acme", "Acme \u00A9", "=\"00123\"", "=\"00123\" ", " =\"00123\"",
        "=\" 007 \"", "=\"\"", "=\"", "A1\u00A0B2", "a b", "\u2028A1", "A1\u3000", "🙂", "🙂 ", "x\u00A0", "é",
        "A1\u200E", "\u200FA1", "A1\u2060", "\u2066A1\u2069", "A\u200DB", "👩\u200D💻",
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void TheStagingTrim_GivesWhatThePlainRuleGives(string value)
    {
        var sql = StagingPlan.TrimmedOrNull("v");

        var actual = _ws.Workspace.Scalar($"SELECT {sql} FROM (SELECT {Sql.Literal(value)} AS v)");

        Assert.Equal(Expected(value), actual as string);
    }
}
