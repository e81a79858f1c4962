using Sightline.Access;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary><c>/api/runs</c>: pipeline runs and model metrics (no account rows, so every role may read them).</summary>
public static class RunsApi
{
    /// <summary>Maps the endpoint.</summary>
    public static RouteGroupBuilder MapRunsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/runs", (Workspace workspace) => TypedResults.Ok(ScopedQueries.Runs(workspace)))
            .WithTags("runs")
            .WithSummary("Pipeline runs, newest first, and trained models with their out-of-fold metrics");
        return api;
    }
}
