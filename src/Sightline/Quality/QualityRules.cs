namespace Sightline.Quality;

/// <summary>What the report checks: normalisations, semantic column checks and key columns. All SQL.</summary>
internal static class QualityRules
{
    /// <summary>Legal-form suffixes dropped from the end of a company name before comparing names.</summary>
    public static readonly IReadOnlyList<string> LegalSuffixes =
    [
        "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "gmbh", "ag", "kg", "kgaa", "sa", "sas", "sarl",
        "srl", "spa", "sl", "sau", "bv", "nv", "plc", "corp", "corporation", "co", "company", "pty", "oy", "oyj", "ab",
        "kk", "as", "asa", "aps", "se", "sro", "ltda", "bhd", "sdn", "pte", "pvt",
    ];

    /// <summary>Columns whose completeness counts in the score, per table.</summary>
    public static readonly IReadOnlyList<(string Table, string Column)> KeyColumns =
    [
        ("accounts", "domain"),
        ("accounts", "industry"),
        ("accounts", "employees"),
        ("accounts", "annual_revenue"),
        ("accounts", "country"),
        ("accounts", "owner_rep_id"),
        ("contacts", "buying_role"),
        ("contacts", "email"),
        ("products", "list_price"),
    ];

    private const string EmailPattern = @"[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])";

    /// <summary>
    /// Name as compared: lowercase; dots and apostrophes dropped (so "S.A." is "sa"); any other run of
    /// non-letters/digits becomes one space; trailing legal suffixes removed (repeatedly: "Co. Ltd").
    /// A name that is only a suffix ("Company") is kept as is.
    /// </summary>
    public static string NormalisedName(string column)
    {
        var suffixes = string.Join("|", LegalSuffixes);
        var cleaned = $"trim(regexp_replace(regexp_replace(lower({column}), '[.''’`]', '', 'g'), '[^\\p{{L}}\\p{{N}}]+', ' ', 'g'))";
        return $"regexp_replace({cleaned}, '( (?:{suffixes}))+$', '')";
    }

    /// <summary>The semantic check of a column: a SQL predicate true for an invalid value, and what it means.</summary>
    public static (string Predicate, string Meaning)? SemanticCheck(string table, string column, ColumnKind kind, Func<string, ColumnKind?> kindOf)
    {
        var q = Sql.Identifier(column);
        return (table, column, kind) switch
        {
            ("accounts", "domain", ColumnKind.Text) =>
                ($"trim({q}) <> '' AND NOT regexp_full_match({Data.AccountMatching.DomainSql(q)}, '{Data.AccountMatching.HostnamePattern}')", "domain is not a hostname"),
            ("contacts", "email", ColumnKind.Text) =>
                ($"trim({q}) <> '' AND NOT regexp_full_match(lower(trim({q})), '{EmailPattern.Replace("'", "''", StringComparison.Ordinal)}')", "email is not shaped like an address"),
            // A country no table knows is a typo or a region ("Germny", "EMEA"): it would stand as a market of its own.
            ("accounts", "country", ColumnKind.Text) =>
                ($"trim({q}) <> '' AND {Data.CountryNames.KeySql(q)} NOT IN ({string.Join(", ", Data.CountryNames.Spellings.Keys.Select(Sql.Literal))})",
                    "country is no country name or ISO code"),
            ("accounts", "latitude", ColumnKind.Number) => ($"{q} < -90 OR {q} > 90 OR isnan({q}::DOUBLE)", "latitude outside [-90, 90]"),
            ("accounts", "longitude", ColumnKind.Number) => ($"{q} < -180 OR {q} > 180 OR isnan({q}::DOUBLE)", "longitude outside [-180, 180]"),
            ("accounts", "employees", ColumnKind.Number) => ($"{q} < 0", "negative employee count"),
            ("accounts", "annual_revenue", ColumnKind.Number) => ($"{q} < 0", "negative annual revenue"),
            ("products", "list_price", ColumnKind.Number) => ($"{q} < 0", "negative list price"),
            // A return carries a negative quantity and amount together; only a sign that disagrees is wrong.
            ("orders", "quantity", ColumnKind.Number) when kindOf("amount") == ColumnKind.Number =>
                ($"{q} < 0 AND \"amount\" >= 0", "negative quantity on a positive amount"),
            ("orders", "discount", ColumnKind.Number) => ($"{q} < 0 OR {q} > 1", "discount outside [0, 1]"),
            ("competitors", "share_estimate", ColumnKind.Number) => ($"{q} < 0 OR {q} > 1", "share estimate outside [0, 1]"),
            ("opportunities", "closed_at", ColumnKind.Date) when kindOf("created_at") == ColumnKind.Date =>
                ($"{q} < \"created_at\"", "closed before it was created"),
            _ => null,
        };
    }
}
