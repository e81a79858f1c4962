using System.Security.Claims;
using Sightline.Access;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary>A rule to count.</summary>
public sealed record PreviewRequest(string Rule);

/// <summary>A segment to create or update: its rule, what it is, its parent segment and its priority among siblings (default 100).</summary>
public sealed record SegmentRequest(string Rule, string? Description, string? Parent, int? Priority);

/// <summary><c>/api/segments</c>: the defined segments with their sizes in scope, a rule preview (count in scope, or the parse error's position), and segment edits.</summary>
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
        segments.MapPut("/{name}", (string name, SegmentRequest request, ClaimsPrincipal user, Workspace workspace, WorkspaceHost host, TimeProvider clock) =>
            {
                var saved = SegmentEdits.Save(workspace, Caller.User(user), new SegmentDefinition
                {
                    Name = name,
                    Rule = request.Rule ?? "",
                    Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
                    Parent = string.IsNullOrWhiteSpace(request.Parent) ? null : request.Parent.Trim(),
                    Priority = request.Priority ?? 100,
                }, clock);
                host.ReloadSettings();
                return TypedResults.Ok(saved);
            })
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Creates or replaces a segment in sightline.yaml after checking its rule (admins and analysts; audited); returns it with its account count");
        segments.MapDelete("/{name}", (string name, ClaimsPrincipal user, Workspace workspace, WorkspaceHost host, TimeProvider clock) =>
            {
                SegmentEdits.Delete(workspace, Caller.User(user), name, clock);
                host.ReloadSettings();
                return TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Deletes a segment from sightline.yaml (admins and analysts; audited); 400 while other segments name it as their parent");
        return api;
    }
}
