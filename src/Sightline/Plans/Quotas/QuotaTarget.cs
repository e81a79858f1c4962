using System.Globalization;
using System.Text.RegularExpressions;

namespace Sightline.Plans.Quotas;

/// <summary>
/// Reads a target as people write it: <c>12500000</c>, <c>12,500,000.00</c>, <c>12.5M</c>, <c>$12.5M</c>, <c>750k</c>, <c>1.2B</c>.
/// The import macros (ValueParsing) read file columns inside DuckDB as doubles and know no K/M/B suffixes, so a target,
/// which must be exact to the cent, has its own small reader in decimal.
/// </summary>
public static partial class QuotaTarget
{
    /// <summary>The largest target: a quadrillion keeps every quota's cents within a 64-bit count.</summary>
    public const decimal MaxTarget = 1_000_000_000_000_000m;

    /// <summary>The amount in whole cents, or a bad-input diagnostic naming <c>--target</c>.</summary>
    public static decimal Parse(string? text)
    {
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (match.Success && match.Groups["number"].Value.Replace(",", "", StringComparison.Ordinal).Split('.')[0].TrimStart('0').Length > 18)
        {
            // Far above the limit; refused before scaling by K/M/B, which could overflow decimal.
            throw new BadInputException(new Diagnostic("--target", null, null, text!, $"too large; expected at most {MaxTarget.ToString("N0", CultureInfo.InvariantCulture)}"));
        }

        if (!match.Success || !decimal.TryParse(match.Groups["number"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            throw new BadInputException(new Diagnostic("--target", null, null, text ?? "", "not an amount (expected e.g. 12500000, 12,500,000.00, 12.5M or $12.5M)"));
        }

        amount *= char.ToUpperInvariant(match.Groups["scale"].Value.FirstOrDefault()) switch
        {
            'K' => 1_000m,
            'M' => 1_000_000m,
            'B' => 1_000_000_000m,
            _ => 1m,
        };
        if (amount <= 0 || amount != decimal.Round(amount, 2))
        {
            throw new BadInputException(new Diagnostic("--target", null, null, text!, amount <= 0 ? "expected a positive amount" : "expected an amount in whole cents"));
        }

        CheckSize(amount, text!);
        return amount;
    }

    /// <summary>Refuses a target above <see cref="MaxTarget"/>; <paramref name="text"/> is the value as given, for the message.</summary>
    /// <exception cref="BadInputException">Too large a target.</exception>
    public static void CheckSize(decimal amount, string text)
    {
        if (amount > MaxTarget)
        {
            throw new BadInputException(new Diagnostic("--target", null, null, text, $"too large; expected at most {MaxTarget.ToString("N0", CultureInfo.InvariantCulture)}"));
        }
    }

    [GeneratedRegex(@"^(?:[$€£]|USD|EUR|GBP)?\s*(?<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(?<scale>[kKmMbB]|bn|BN|mm|MM)?\s*(?:USD|EUR|GBP)?$")]
    private static partial Regex Pattern();
}
