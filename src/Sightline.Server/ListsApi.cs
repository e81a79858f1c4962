using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sightline.Access;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary><c>/api/lists</c>: rep action lists; a rep sees only its own, a manager its team's.</summary>
public static class ListsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapListsApi(this RouteGroupBuilder api)
    {
        var lists = api.MapGroup("/lists").WithTags("lists");
        lists.MapGet("/me", Results<Ok<RepListView>, ProblemHttpResult> (ClaimsPrincipal user, Workspace workspace) =>
            {
                var scope = Caller.Scope(user);
                if (string.IsNullOrEmpty(scope.RepId))
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No list",
                        detail: "you are not a rep or manager, so you have no list of your own; ask for a rep's list with /api/lists/{repId}");
                }

                return Found(ScopedQueries.List(workspace, scope, scope.RepId), scope.RepId);
            })
            .WithSummary("Your own action list from the latest lists run");
        lists.MapGet("/{repId}", Results<Ok<RepListView>, ProblemHttpResult> (string repId, ClaimsPrincipal user, Workspace workspace) =>
                Found(ScopedQueries.List(workspace, Caller.Scope(user), repId), repId))
            .WithSummary("A rep's action list: reps may ask only for their own, managers for their team's");
        return api;
    }

    private static Results<Ok<RepListView>, ProblemHttpResult> Found(RepListView? list, string repId) => list is null
        ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such list", detail: $"no rep '{repId}' whose list you may see")
        : TypedResults.Ok(list);
}
