using System.Security.Claims;
using Sightline.Access;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary><c>/api/plans</c>: the latest stored plans, limited to the caller's team.</summary>
public static class PlansApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapPlansApi(this RouteGroupBuilder api)
    {
        api.MapGet("/plans/quotas", (ClaimsPrincipal user, Workspace workspace) => TypedResults.Ok(ScopedQueries.Quotas(workspace, Caller.Scope(user))))
            .WithTags("plans")
            .WithSummary("The latest quota plan: every row for admins and analysts; the team's rep and territory rows for managers and reps");
        return api;
    }
}
