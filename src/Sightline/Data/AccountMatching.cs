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
}
