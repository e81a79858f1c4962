using Sightline.Access;
using Sightline.Runs;

namespace Sightline.Server;

/// <summary>A batch run started through the server, as <c>GET /api/runs/jobs/{id}</c> shows it.</summary>
/// <param name="Id">The job.</param>
/// <param name="Status">running, done or failed.</param>
/// <param name="StartedBy">Who started it.</param>
/// <param name="StartedAt">When.</param>
/// <param name="FinishedAt">When it ended, or null while it runs.</param>
/// <param name="Step">The step running (the last one when it ended).</param>
/// <param name="Fraction">Steps done so far, from 0 to 1.</param>
/// <param name="Result">What the run did, once done.</param>
/// <param name="Error">Why it failed, once failed.</param>
public sealed record BatchJobView(string Id, string Status, string StartedBy, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Step, double Fraction,
    BatchRunResult? Result, string? Error);

/// <summary>
/// Batch runs in the server's own process, one at a time: DuckDB lets one process write a workspace, so while the server
/// holds it, <c>sightline run</c> cannot, and runs are started here instead (<c>POST /api/runs</c>). A run writes through its
/// own connection while requests keep reading theirs; the serving tables and the live grains take the new batch when it
/// is committed, as after any run. The latest 20 jobs are kept in memory for their status.
/// </summary>
public sealed class BatchRuns(WorkspaceHost host, TimeProvider clock, ILogger<BatchRuns> logger)
{
    private const int Kept = 20;
    private readonly Lock _gate = new();
    private readonly List<Job> _jobs = [];

    /// <summary>Starts a run, or returns the one running (and false) when there is one.</summary>
    /// <exception cref="ActionRefusedException">The caller is not an admin or analyst.</exception>
    /// <exception cref="BadInputException">An unknown step to skip, or an as-of date before the first account.</exception>
    public (BatchJobView Job, bool Started) Start(UserAccount user, BatchRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Role is not (UserRole.Admin or UserRole.Analyst))
        {
            throw new ActionRefusedException(ActionRefusal.Forbidden, "only admins and analysts start batch runs: a run changes what every team sees");
        }

        BatchPipeline.CheckOptions(options);
        Job job;
        lock (_gate)
        {
            if (_jobs.Find(j => j.Status == "running") is { } running)
            {
                return (running.View(), false);
            }

            job = new Job($"job-{clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss}-{Random.Shared.Next(0x10000, 0xFFFFF):x}", user.Name, clock.GetUtcNow());
            _jobs.Add(job);
            if (_jobs.Count > Kept)
            {
                _jobs.RemoveAt(_jobs.FindIndex(j => j.Status != "running"));
            }
        }

        try
        {
            using (var ws = host.Open())
            {
                if (options.AsOf is { } asOf)
                {
                    Features.FeatureBuilder.CheckAccountsExistOn(ws, asOf, options.AsOfSource);
                }

                AuditLog.Write(ws, clock, user.Name, "run_started", job.Id, Describe(options));
            }

            // A thread of its own: a run takes minutes of CPU, and the pool's few threads serve the requests.
            new Thread(() => Execute(job, options)) { IsBackground = true, Name = "sightline batch run" }.Start();
        }
        catch
        {
            // Not started: a job left "running" would refuse every later run.
            lock (_gate)
            {
                _jobs.Remove(job);
            }

            throw;
        }

        return (job.View(), true);
    }

    /// <summary>A job by id, or null.</summary>
    public BatchJobView? Find(string id)
    {
        lock (_gate)
        {
            return _jobs.Find(j => j.Id == id)?.View();
        }
    }

    /// <summary>The kept jobs, newest first.</summary>
    public IReadOnlyList<BatchJobView> Recent()
    {
        lock (_gate)
        {
            return _jobs.Select(j => j.View()).Reverse().ToList();
        }
    }

    private void Execute(Job job, BatchRunOptions options)
    {
        using var ws = host.Open();
        try
        {
            var result = BatchPipeline.Run(ws, options, new SyncProgress(p => job.Progress(p.Step, p.Fraction)), clock);
            if (result.Refused.Count > 0)
            {
                job.End("failed", clock.GetUtcNow(), result, result.RefusalMessage);
                AuditLog.Write(ws, clock, job.StartedBy, "run_failed", job.Id, result.RefusalMessage);
                return;
            }

            job.End("done", clock.GetUtcNow(), result, null);
            AuditLog.Write(ws, clock, job.StartedBy, "run_done", job.Id, result.Summary);
        }
#pragma warning disable CA1031 // a failed run is reported on its job, and the server goes on
        catch (Exception e)
#pragma warning restore CA1031
        {
            var error = e is BadInputException bad ? string.Join("; ", bad.Diagnostics.Select(d => d.ToString())) : $"internal error: {e.Message}";
            if (e is not BadInputException)
            {
                logger.LogError(e, "batch run {Job} failed", job.Id);
            }

            job.End("failed", clock.GetUtcNow(), null, error);
            AuditLog.Write(ws, clock, job.StartedBy, "run_failed", job.Id, error);
        }
    }

    private static string Describe(BatchRunOptions options) =>
        (options.AsOf is { } asOf ? $"as of {asOf:yyyy-MM-dd}" : "as of the last order date")
        + (options.Skip is { Count: > 0 } skip ? $", skipping {string.Join(", ", skip.Order(StringComparer.Ordinal))}" : "");

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the pool, out of order).</summary>
    private sealed class SyncProgress(Action<(string Step, double Fraction)> report) : IProgress<(string Step, double Fraction)>
    {
        public void Report((string Step, double Fraction) value) => report(value);
    }

    private sealed class Job(string id, string startedBy, DateTimeOffset startedAt)
    {
        private readonly Lock _gate = new();
        private string _step = "starting";
        private double _fraction;
        private DateTimeOffset? _finishedAt;
        private BatchRunResult? _result;
        private string? _error;

        public string Id { get; } = id;

        public string StartedBy { get; } = startedBy;

        public string Status { get; private set; } = "running";

        public void Progress(string step, double fraction)
        {
            lock (_gate)
            {
                (_step, _fraction) = (step, fraction);
            }
        }

        public void End(string status, DateTimeOffset at, BatchRunResult? result, string? error)
        {
            lock (_gate)
            {
                (Status, _finishedAt, _result, _error) = (status, at, result, error);
                _fraction = status == "done" ? 1 : _fraction;
            }
        }

        public BatchJobView View()
        {
            lock (_gate)
            {
                return new BatchJobView(Id, Status, StartedBy, startedAt, _finishedAt, _step, _fraction, _result, _error);
            }
        }
    }
}
