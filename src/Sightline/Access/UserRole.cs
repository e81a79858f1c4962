namespace Sightline.Access;

/// <summary>What a server user may see: admins and analysts every account, managers their team's, reps their own.</summary>
public enum UserRole
{
    /// <summary>Sees everything and manages users.</summary>
    Admin,

    /// <summary>Sees every account; runs analyses.</summary>
    Analyst,

    /// <summary>Sees the accounts of the reps reporting to them (recursively) and their own.</summary>
    Manager,

    /// <summary>Sees the accounts of its own territories and the accounts it owns.</summary>
    Rep,
}

/// <summary>Role names as stored and typed.</summary>
public static class UserRoles
{
    /// <summary>Every role name, in the order shown to users.</summary>
    public static readonly IReadOnlyList<string> Names = ["admin", "analyst", "manager", "rep"];

    /// <summary>The stored name of a role.</summary>
    public static string Name(UserRole role) => Names[(int)role];

    /// <summary>Reads a role name (any case); null when it is not one.</summary>
    public static UserRole? Parse(string? text)
    {
        var index = Names.ToList().FindIndex(n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : (UserRole)index;
    }

    /// <summary>Whether the role sees the accounts of a rep, so must name one.</summary>
    public static bool NeedsRep(UserRole role) => role is UserRole.Manager or UserRole.Rep;
}

/// <summary>A server user, without its password hash.</summary>
/// <param name="Name">The name as first typed (names compare ignoring case).</param>
/// <param name="Role">What the user may see.</param>
/// <param name="RepId">The rep the user is, for managers and reps; null for admins and analysts.</param>
/// <param name="CreatedAt">When the user was added (UTC).</param>
public sealed record UserAccount(string Name, UserRole Role, string? RepId, DateTime CreatedAt);
