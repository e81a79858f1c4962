using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sightline.Bench;

/// <summary>
/// <c>Sightline.Bench floor-server --port P --silo-port S --log FILE [--no-log] [--no-grain] [--work-us N]</c>: the least an endpoint
/// built as the real-time issue asks can do, with none of Sightline's work: <c>POST /api/floor</c> reads the body, takes
/// each event's <c>event_id</c> and <c>account_id</c>, appends the body to a file opened with O_SYNC (one write per group of
/// requests that arrived while the previous write ran, on a thread of its own), calls a co-hosted Orleans grain keyed by
/// the account that only counts, and answers a small JSON. No authentication, validation, idempotency, model or rules. The
/// flags drop the synced append or the grain call, so the report shows what each required part costs by itself;
/// <c>--work-us N</c> has the grain compute for N microseconds of CPU per call (arithmetic, no allocation), so the report
/// shows how much work per event the required parts leave room for.
/// </summary>
internal static class FloorServer
{
    public const string Path = "/api/floor";

    public static int Run(int port, int siloPort, string? logFile, bool grainCall, double workMicroseconds = 0)
    {
        FloorAccountGrain.WorkIterations = FloorWork.Iterations(workMicroseconds);
        if (workMicroseconds > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"floor: the grain computes {FloorAccountGrain.WorkIterations:N0} steps a call ({workMicroseconds} µs on this machine)"));
        }

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        if (grainCall)
        {
            builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort, siloPort + 1));
        }

        using var log = logFile is null ? null : new SyncedAppendLog(logFile);
        var app = builder.Build();
        var grains = grainCall ? app.Services.GetRequiredService<IGrainFactory>() : null;
        app.MapPost(Path, async (HttpRequest request) =>
        {
            var body = new byte[request.ContentLength ?? 0];
            await request.Body.ReadExactlyAsync(body).ConfigureAwait(false);
            var (eventId, accountId) = Identify(body);
            if (eventId is null || accountId is null)
            {
                return Results.BadRequest("expected a JSON object or array of objects with event_id and account_id");
            }

            var sequence = log is null ? 0 : await log.Append(body).ConfigureAwait(false);
            var applied = grains is null ? 0 : await grains.GetGrain<IFloorAccountGrain>(accountId).Touch(sequence).ConfigureAwait(false);
            return Results.Ok(new FloorAnswer(eventId, accountId, sequence, applied));
        });
        app.MapGet("/ready", () => TypedResults.Ok());
        app.Run();
        return BenchCommand.Ok;
    }

    /// <summary>The first event's id and account.</summary>
    private static (string? EventId, string? AccountId) Identify(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        string? eventId = null, accountId = null;
        while (reader.Read() && (eventId is null || accountId is null))
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            var isEvent = reader.ValueTextEquals("event_id"u8);
            var isAccount = reader.ValueTextEquals("account_id"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                eventId = isEvent ? reader.GetString() : eventId;
                accountId = isAccount ? reader.GetString() : accountId;
            }
        }

        return (eventId, accountId);
    }
}

/// <summary>What the floor endpoint answers.</summary>
public sealed record FloorAnswer(string EventId, string AccountId, long Sequence, long Applied);

/// <summary>The floor's grain: counts the touches of its account.</summary>
public interface IFloorAccountGrain : IGrainWithStringKey
{
    /// <summary>Counts a touch and answers how many this activation has counted.</summary>
    Task<long> Touch(long sequence);
}

/// <inheritdoc cref="IFloorAccountGrain" />
public sealed class FloorAccountGrain : Grain, IFloorAccountGrain
{
    private long _touches;

    /// <summary>Iterations of <see cref="FloorWork.Spin"/> per call (0: none).</summary>
    internal static long WorkIterations { get; set; }

    /// <inheritdoc />
    public Task<long> Touch(long sequence)
    {
        // The result feeds the count's low bit only when it is odd and never in practice: the JIT cannot drop the loop.
        var spun = WorkIterations == 0 ? 0 : FloorWork.Spin(WorkIterations);
        return Task.FromResult(++_touches + (spun == ulong.MaxValue ? 1 : 0));
    }
}

/// <summary>CPU work of a set length for the floor's grain, calibrated on this machine at start.</summary>
internal static class FloorWork
{
    /// <summary>A chain of dependent multiply-xorshift steps: no memory traffic, no allocation, nothing to vectorise.</summary>
    /// <remarks>Compiled optimised at once, so the calibration times the code the calls run, not the first tier's.</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static ulong Spin(long iterations)
    {
        var x = 0x9E3779B97F4A7C15UL;
        for (var i = 0L; i < iterations; i++)
        {
            x ^= x >> 29;
            x *= 0xBF58476D1CE4E5B9UL;
        }

        return x;
    }

    /// <summary>Iterations that take <paramref name="microseconds"/> of CPU: the fastest of several timed runs (the least disturbed).</summary>
    public static long Iterations(double microseconds)
    {
        if (microseconds <= 0)
        {
            return 0;
        }

        const long Probe = 2_000_000;
        var fastest = double.MaxValue;
        for (var run = 0; run < 7; run++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            GC.KeepAlive(Spin(Probe));
            fastest = Math.Min(fastest, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        return Math.Max(1, (long)Math.Round(microseconds * Probe / fastest));
    }
}

/// <summary>
/// A file appended with O_SYNC by one writer thread: whatever arrived while the previous write ran goes into the next one
/// (group commit), and each caller is answered after the write that holds its bytes returned.
/// </summary>
internal sealed class SyncedAppendLog : IDisposable
{
    private readonly FileStream _file;
    private readonly Thread _writer;
    private readonly object _gate = new();
    private List<(byte[] Bytes, TaskCompletionSource<long> Done)> _waiting = [];
    private long _sequence;
    private bool _stopping;

    public SyncedAppendLog(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.WriteThrough);
        _writer = new Thread(Write) { IsBackground = true, Name = "floor log writer" };
        _writer.Start();
    }

    public Task<long> Append(byte[] bytes)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiting.Add((bytes, done));
            if (_waiting.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }

        return done.Task;
    }

    private void Write()
    {
        var buffer = new MemoryStream();
        while (true)
        {
            List<(byte[] Bytes, TaskCompletionSource<long> Done)> group;
            lock (_gate)
            {
                while (_waiting.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_waiting.Count == 0)
                {
                    return;
                }

                group = _waiting;
                _waiting = [];
            }

            buffer.SetLength(0);
            foreach (var (bytes, _) in group)
            {
                buffer.Write(bytes);
                buffer.WriteByte((byte)'\n');
            }

            _file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            foreach (var (_, done) in group)
            {
                done.SetResult(++_sequence);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _writer.Join();
        _file.Dispose();
    }
}

/// <summary>The floor server's command line.</summary>
internal static class FloorServerArguments
{
    /// <summary>Reads <c>floor-server --port P --silo-port S --log FILE [--no-log] [--no-grain] [--work-us N]</c>; null when it is not one.</summary>
    public static (int Port, int SiloPort, string? Log, bool Grain, double WorkMicroseconds)? Parse(IReadOnlyList<string> args)
    {
        if (args.Count < 7 || args[0] != "floor-server" || args[1] != "--port" || args[3] != "--silo-port" || args[5] != "--log"
            || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !int.TryParse(args[4], NumberStyles.None, CultureInfo.InvariantCulture, out var siloPort))
        {
            return null;
        }

        var rest = args.Skip(7).ToList();
        var work = 0.0;
        var at = rest.IndexOf("--work-us");
        if (at >= 0)
        {
            if (at + 1 >= rest.Count || !double.TryParse(rest[at + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out work) || work < 0)
            {
                return null;
            }

            rest.RemoveRange(at, 2);
        }

        var flags = rest.ToHashSet(StringComparer.Ordinal);
        return (port, siloPort, flags.Contains("--no-log") ? null : args[6], !flags.Contains("--no-grain"), work);
    }
}
