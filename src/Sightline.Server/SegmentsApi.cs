using System.Security.Claims;
using Sightline.Access;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary>A rule to count.</summary>
public sealed record PreviewRequest(string Rule);

/// <summary><c>/api/segments</c>: the defined segments with their sizes in scope, and a rule preview (count in scope, or the parse error's position).</summary>
public static class SegmentsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapSegmentsApi(this RouteGroupBuilder api)
    {
        var segments = api.MapGroup("/segments").WithTags("segments");
        segments.MapGet("/", (ClaimsPrincipal user, Workspace workspace) => TypedResults.Ok(ScopedQueries.Segments(workspace, Caller.Scope(user))))
            .WithSummary("The segments of sightline.yaml, with how many of your accounts each holds at the latest segment run");
        segments.MapPost("/preview", (PreviewRequest request, ClaimsPrincipal user, Workspace workspace) =>
                TypedResults.Ok(ScopedQueries.Preview(workspace, Caller.Scope(user), request.Rule ?? "")))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Counts your accounts that a rule matches; a rule that does not parse is a 400 with its line and column");
        return api;
    }
}
