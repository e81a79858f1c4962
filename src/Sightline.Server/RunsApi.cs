using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sightline.Access;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary>What <c>POST /api/runs</c> takes: the features' date (default: the last order date) and steps not to run.</summary>
/// <param name="AsOf">The as-of date, or null.</param>
/// <param name="Skip">Steps not to run, or null.</param>
public sealed record BatchRunRequest(DateOnly? AsOf, IReadOnlyList<string>? Skip);

/// <summary><c>/api/runs</c>: pipeline runs and model metrics (no account rows, so every role may read them), and batch runs started here.</summary>
public static class RunsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapRunsApi(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/runs").WithTags("runs");
        runs.MapGet("", (Workspace workspace) => TypedResults.Ok(ScopedQueries.Runs(workspace)))
            .WithSummary("Pipeline runs, newest first, and trained models with their out-of-fold metrics");
        runs.MapPost("", Start)
            .Produces<BatchJobView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary($"Starts a batch run in the server ({string.Join(", ", BatchPipeline.StepNames)}), as sightline run does, which cannot while the "
                + "server holds the workspace (admins and analysts; audited). Body, optional: {\"asOf\": \"2025-06-30\", \"skip\": [\"clv\"]}. 202 with the job and its "
                + "Location; 409 naming the job while another runs");
        runs.MapGet("/jobs", (BatchRuns batch) => TypedResults.Ok(batch.Recent()))
            .WithSummary("The latest batch runs started through the server, newest first, with their progress or outcome");
        runs.MapGet("/jobs/{id}", Results<Ok<BatchJobView>, ProblemHttpResult> (string id, BatchRuns batch) =>
                batch.Find(id) is { } job ? TypedResults.Ok(job)
                    : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such job", detail: $"no batch run '{id}' (the server keeps its latest 20)"))
            .WithSummary("A batch run's status: running (with the step it is on and the share done), done (every step with what it did or why it was skipped) or failed (why)");
        return api;
    }

    private static Results<Accepted<BatchJobView>, ProblemHttpResult> Start(BatchRunRequest? request, ClaimsPrincipal user, BatchRuns batch)
    {
        var options = new BatchRunOptions(request?.AsOf, request?.Skip?.ToHashSet(StringComparer.Ordinal)) { AsOfSource = "asOf" };
        var (job, started) = batch.Start(Caller.User(user), options);
        return started
            ? TypedResults.Accepted($"/api/runs/jobs/{job.Id}", job)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A run is in progress",
                detail: $"batch run {job.Id}, started by {job.StartedBy} at {job.StartedAt:u}, is on its {job.Step} step; follow it at /api/runs/jobs/{job.Id} and start another when it ends");
    }
}
