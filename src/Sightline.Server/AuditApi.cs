using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sightline.Access;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary><c>/api/audit</c>: the audit log, for admins only (it names every user and what they touched).</summary>
public static class AuditApi
{
    /// <summary>The most entries one call returns.</summary>
    public const int MaxEntries = 1000;

    /// <summary>Maps the endpoint.</summary>
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", Results<Ok<List<AuditEntry>>, ProblemHttpResult> (int? limit, ClaimsPrincipal user, Workspace workspace) =>
            {
                if (Caller.Scope(user).Role != UserRole.Admin)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed for your role",
                        detail: "only admins read the audit log");
                }

                var count = limit ?? 100;
                if (count is < 1 or > MaxEntries)
                {
                    throw new BadInputException(new Diagnostic("limit", null, null, count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        $"expected 1 to {MaxEntries} entries"));
                }

                return TypedResults.Ok(AuditLog.Recent(workspace, count));
            })
            .WithTags("audit")
            .WithSummary("The latest audit entries (logins, outcomes, overrides), newest first; admins only");
        return api;
    }
}
