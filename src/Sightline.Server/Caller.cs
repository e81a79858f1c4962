using System.Security.Claims;
using Sightline.Access;

namespace Sightline.Server;

/// <summary>The signed-in user as carried in the token or cookie, and their access scope.</summary>
public static class Caller
{
    /// <summary>The claim holding the role name.</summary>
    public const string RoleClaim = ClaimTypes.Role;

    /// <summary>The claim holding the user's rep id (managers and reps).</summary>
    public const string RepClaim = "sightline:rep";

    /// <summary>The claims of a user, for signing in with either scheme, with a new session id (which a logout ends).</summary>
    public static ClaimsPrincipal Principal(UserAccount user, string scheme)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim> { new(ClaimTypes.Name, user.Name), new(RoleClaim, UserRoles.Name(user.Role)), SessionValidator.NewSession() };
        if (user.RepId is not null)
        {
            claims.Add(new Claim(RepClaim, user.RepId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>
    /// The scope of an authenticated principal. A principal without a known role sees only as a rep without a rep id
    /// (nothing), so a malformed token can never widen access.
    /// </summary>
    public static AccessScope Scope(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var role = UserRoles.Parse(principal.FindFirstValue(RoleClaim)) ?? UserRole.Rep;
        var rep = principal.FindFirstValue(RepClaim);
        return UserRoles.NeedsRep(role) && rep is null ? new AccessScope(UserRole.Rep, "") : new AccessScope(role, rep);
    }

    /// <summary>The signed-in user as the core's write actions take it (role and rep id from the claims, as <see cref="Scope"/>).</summary>
    public static UserAccount User(ClaimsPrincipal principal)
    {
        var scope = Scope(principal);
        return new UserAccount(Name(principal), scope.Role, string.IsNullOrEmpty(scope.RepId) ? null : scope.RepId, default);
    }

    /// <summary>The user name.</summary>
    public static string Name(ClaimsPrincipal principal) => principal?.Identity?.Name ?? "";
}
