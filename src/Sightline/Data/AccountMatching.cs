namespace Sightline.Data;

/// <summary>How accounts are matched by domain, shared by de-duplication and enrichment files.</summary>
internal static class AccountMatching
{
    /// <summary>
    /// SQL for a domain as compared: lowercase, without scheme, user info, "www." (or www2.), path, query,
    /// port and trailing dot, so "https://www.Acme.com/about" and "acme.com" match.
    /// </summary>
    public static string DomainSql(string column) =>
        $"rtrim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(lower(trim({column})), '^[a-z][a-z0-9+.-]*://', ''), '^[^/@]*@', ''), '^www[0-9]*\\.', ''), '[/?#:].*$', ''), '.')";

    /// <summary>
    /// Mail and hosting domains shared by unrelated people: two accounts with "gmail.com" are not the same company,
    /// so these never match accounts (duplicates, enrichment files).
    /// </summary>
    public static readonly IReadOnlyList<string> SharedDomains =
    [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "ymail.com", "hotmail.com", "hotmail.co.uk",
        "hotmail.fr", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com",
        "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de", "mail.com", "mail.ru", "yandex.ru", "yandex.com", "qq.com", "163.com",
        "126.com", "naver.com", "zoho.com", "orange.fr", "free.fr", "laposte.net", "libero.it", "comcast.net", "att.net", "verizon.net",
        "btinternet.com", "sky.com", "bigpond.com", "rediffmail.com", "uol.com.br", "bol.com.br", "terra.com.br", "seznam.cz", "wp.pl", "o2.pl",
    ];

    /// <summary>A host name (of <see cref="DomainSql"/>'s form): dot-separated labels of letters, digits and inner hyphens.</summary>
    public const string HostnamePattern = @"([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])";

    /// <summary>
    /// SQL for the account id a list without ids gives an account: its company domain (<see cref="CompanyDomainSql"/>), or NULL
    /// when the text is blank, no host name, or a shared mail domain.
    /// </summary>
    public static string DerivedAccountIdSql(string column) =>
        $"CASE WHEN regexp_full_match({DomainSql(column)}, '{HostnamePattern}') THEN nullif({CompanyDomainSql(column)}, '') END";

    /// <summary>SQL for a domain as matched between accounts: <see cref="DomainSql"/>, but empty for a <see cref="SharedDomains">shared</see> one.</summary>
    public static string CompanyDomainSql(string column)
    {
        var domain = DomainSql(column);
        return $"CASE WHEN {domain} IN ({string.Join(", ", SharedDomains.Select(Sql.Literal))}) THEN '' ELSE {domain} END";
    }
}
