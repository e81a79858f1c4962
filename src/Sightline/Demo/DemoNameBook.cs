using System.Text;

namespace Sightline.Demo;

/// <summary>
/// Unique company names from word lists. Account index k maps to a compound word (Northfield,
/// Bluestone...) and a slot; the slot picks one of the industry's nouns and a qualifier. Industry
/// noun lists are disjoint, so two accounts never share a name, and the domain root (the name's
/// words joined by hyphens) is unique for the same reason.
/// </summary>
internal sealed class DemoNameBook
{
    private const int NounsPerIndustry = 6;

    private readonly string[] _compounds;
    private readonly int _multiplier;

    public DemoNameBook()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var compounds = new List<string>();
        foreach (var prefix in DemoCatalog.NamePrefixes)
        {
            foreach (var suffix in DemoCatalog.NameSuffixes)
            {
                if (prefix.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) || suffix.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var compound = prefix + suffix;
                if (seen.Add(compound.ToLowerInvariant()))
                {
                    compounds.Add(compound);
                }
            }
        }

        _compounds = [.. compounds];
        var multiplier = (_compounds.Length / 3) + 1;
        while (Gcd(multiplier, _compounds.Length) != 1)
        {
            multiplier++;
        }

        _multiplier = multiplier;
    }

    /// <summary>The account's name without legal suffix, and its domain root.</summary>
    public (string Name, string Root) Base(long index, DemoIndustry industry)
    {
        var count = _compounds.Length;
        var compound = _compounds[(int)((((index % count) * _multiplier) + 17) % count)];
        var slot = index / count;
        var noun = industry.Nouns[(int)(slot % NounsPerIndustry)];
        var qualifierSlot = slot / NounsPerIndustry;
        var qualifier = DemoCatalog.NameQualifiers[(int)(qualifierSlot % DemoCatalog.NameQualifiers.Length)];
        var number = qualifierSlot / DemoCatalog.NameQualifiers.Length;

        var name = new StringBuilder(48).Append(compound).Append(' ').Append(noun);
        var root = new StringBuilder(48).Append(compound.ToLowerInvariant()).Append('-').Append(noun.ToLowerInvariant());
        if (qualifier.Length > 0)
        {
            name.Append(' ').Append(qualifier);
            root.Append('-').Append(qualifier.ToLowerInvariant());
        }

        if (number > 0)
        {
            name.Append(' ').Append(number + 1);
            root.Append('-').Append(number + 1);
        }

        return (name.ToString(), root.ToString());
    }

    /// <summary>Lower-case ASCII letters only, for e-mail addresses.</summary>
    public static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var folded = char.ToLowerInvariant(c) switch
            {
                'ä' or 'à' or 'á' or 'â' or 'ã' => 'a',
                'é' or 'è' or 'ê' or 'ë' => 'e',
                'í' or 'ì' or 'î' => 'i',
                'ö' or 'ó' or 'ò' or 'ô' or 'õ' => 'o',
                'ü' or 'ú' or 'ù' or 'û' => 'u',
                'ñ' => 'n',
                'ç' => 'c',
                var other => other,
            };
            if (folded is >= 'a' and <= 'z')
            {
                sb.Append(folded);
            }
        }

        return sb.ToString();
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
