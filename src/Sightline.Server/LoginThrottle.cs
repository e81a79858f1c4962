using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Sightline.Server;

/// <summary>
/// The per-name login limit. The name is in the request body, which the rate-limiting middleware does not read,
/// so the login endpoints ask this limiter after binding; the per-address limit is the middleware's.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    /// <summary>Creates the limiter from the settings.</summary>
    public LoginThrottle(IOptions<LoginLimits> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(name => RateLimitPartition.GetFixedWindowLimiter(name, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.PerName,
            Window = TimeSpan.FromSeconds(limits.WindowSeconds),
            QueueLimit = 0,
        }));
    }

    /// <summary>Whether one more attempt for this name (ignoring case) is allowed now; when not, how long until it is, where known.</summary>
    public bool TryAcquire(string name, out TimeSpan? retryAfter)
    {
        using var lease = _limiter.AttemptAcquire((name ?? "").Trim().ToLowerInvariant());
        retryAfter = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
        return lease.IsAcquired;
    }

    /// <summary>Tells a refused client when to try again (<c>Retry-After</c>, whole seconds, at least 1).</summary>
    public static void SetRetryAfter(HttpContext context, TimeSpan? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (retryAfter is { } after)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Writes a 429 ProblemDetails.</summary>
    public static async ValueTask Reject(HttpContext context, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many login attempts", Detail = detail + "; wait a minute and try again" },
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
