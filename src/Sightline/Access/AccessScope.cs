namespace Sightline.Access;

/// <summary>
/// What one user may see, as SQL relations every server query joins or filters by: admins and analysts see
/// every account; a manager the accounts owned by, or in the territories of, the reps reporting to them
/// (following manager_id down any depth) and their own; a rep the accounts of its territories and the accounts it owns.
/// The rep id goes into the SQL as a quoted literal, so any text is safe.
/// </summary>
public sealed record AccessScope(UserRole Role, string? RepId)
{
    /// <summary>The scope of a user.</summary>
    public static AccessScope For(UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new AccessScope(user.Role, user.RepId);
    }

    /// <summary>Admins and analysts: no row filter.</summary>
    public bool SeesAll => Role is UserRole.Admin or UserRole.Analyst;

    /// <summary>
    /// A relation <c>(rep_id)</c> of the reps whose books this user sees: every rep; a manager and everyone below them;
    /// a rep itself. A manager_id cycle ends because UNION drops rows already seen.
    /// </summary>
    public string RepsRelation => Role switch
    {
        UserRole.Admin or UserRole.Analyst => "(SELECT rep_id FROM reps)",
        UserRole.Manager => $"""
            (WITH RECURSIVE team(rep_id) AS (
                SELECT {Rep}
                UNION SELECT r.rep_id FROM reps r JOIN team ON r.manager_id = team.rep_id)
             SELECT rep_id FROM team)
            """,
        _ => $"(SELECT {Rep} AS rep_id)",
    };

    /// <summary>A relation <c>(account_id)</c> of the accounts this user sees.</summary>
    public string AccountsRelation => SeesAll
        ? "(SELECT account_id FROM accounts)"
        : $"""
            (SELECT ta.account_id FROM territory_accounts ta JOIN territories t ON t.territory_id = ta.territory_id
                WHERE t.rep_id IN {RepsRelation}
             UNION SELECT account_id FROM accounts WHERE owner_rep_id IN {RepsRelation})
            """;

    /// <summary>A boolean SQL condition: the account in <paramref name="column"/> is visible.</summary>
    public string AccountCondition(string column) => SeesAll ? "true" : $"{column} IN {AccountsRelation}";

    /// <summary>A boolean SQL condition: the rep in <paramref name="column"/> is in this user's team (or the user itself).</summary>
    public string RepCondition(string column) => SeesAll ? "true" : $"{column} IN {RepsRelation}";

    /// <summary>What this scope covers, in words.</summary>
    public string Describe() => Role switch
    {
        UserRole.Admin or UserRole.Analyst => "every account",
        UserRole.Manager => $"the accounts of rep {RepId} and every rep reporting to them",
        _ => $"the accounts of rep {RepId}'s territories and the accounts it owns",
    };

    private string Rep => Sql.Literal(RepId ?? "");
}
