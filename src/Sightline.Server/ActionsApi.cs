using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sightline.Access;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary>An outcome to record: won, lost or not_pursued, with a reason.</summary>
public sealed record OutcomeRequest(string Outcome, string Reason);

/// <summary>A rep's override request: promote, demote or remove, with a reason.</summary>
public sealed record OverrideRequest(string Action, string Reason);

/// <summary>A manager's decision on an override: <c>approve</c> is required (a missing one is not read as a rejection).</summary>
public sealed record DecisionRequest(bool? Approve, string? Note);

/// <summary>
/// Writes people make on accounts: outcomes, and list overrides that a rep asks for and a manager decides.
/// The core checks role and scope and audits each; refusals come back as 403, 404 or 409 ProblemDetails.
/// </summary>
public static class ActionsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapActionsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/accounts/{id}/outcomes", Results<Ok<List<OutcomeView>>, ProblemHttpResult> (string id, ClaimsPrincipal user, Workspace workspace) =>
                Actions.AccountOutcomes(workspace, Caller.Scope(user), id) is { } outcomes
                    ? TypedResults.Ok(outcomes)
                    : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such account", detail: $"no account '{id}' that you may see"))
            .WithTags("outcomes")
            .WithSummary("The outcomes recorded on an account, newest first");
        api.MapPost("/accounts/{id}/outcomes", (string id, OutcomeRequest request, ClaimsPrincipal user, Workspace workspace, TimeProvider clock) =>
                TypedResults.Created($"/api/accounts/{id}/outcomes",
                    Actions.RecordOutcome(workspace, Caller.User(user), id, request.Outcome, request.Reason, clock)))
            .WithTags("outcomes")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Records won, lost or not_pursued on an account, with a reason (reps, managers and admins; audited)");
        api.MapPost("/accounts/{id}/overrides", (string id, OverrideRequest request, ClaimsPrincipal user, Workspace workspace, TimeProvider clock) =>
                TypedResults.Created("/api/overrides", Actions.RequestOverride(workspace, Caller.User(user), id, request.Action, request.Reason, clock)))
            .WithTags("overrides")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A rep asks to promote, demote or remove an account on its list, with a reason; it waits for a manager (audited)");
        api.MapGet("/overrides", (string? status, ClaimsPrincipal user, Workspace workspace) =>
                TypedResults.Ok(Actions.Overrides(workspace, Caller.Scope(user), status)))
            .WithTags("overrides")
            .WithSummary("Override requests you may see (a rep its own, a manager its team's), newest first; status=pending for the queue");
        api.MapPost("/overrides/{overrideId}/decision", (string overrideId, DecisionRequest request, ClaimsPrincipal user, Workspace workspace, TimeProvider clock) =>
                TypedResults.Ok(Actions.Decide(workspace, Caller.User(user), overrideId, request.Approve
                    ?? throw new BadInputException(new Diagnostic("body", null, "approve", null, "missing; give true to approve the override or false to reject it")),
                    request.Note, clock)))
            .WithTags("overrides")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A manager of the rep (or an admin) approves or rejects a pending override (audited)");
        return api;
    }
}
