using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Sightline.Bench;

/// <summary>
/// <c>Sightline.Bench noop-server --port P</c>: a plain ASP.NET Core app whose <c>POST /api/noop</c> does nothing and
/// answers 200. Loaded with the same generator and body as <c>POST /api/touchpoints</c>, it measures what the host
/// (Kestrel, loopback, the load generator on the same two cores) costs by itself.
/// </summary>
internal static class NoopServer
{
    public const string Path = "/api/noop";

    public static int Run(int port)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost(Path, () => TypedResults.Ok());
        app.MapGet("/ready", () => TypedResults.Ok());
        app.Run();
        return BenchCommand.Ok;
    }
}
