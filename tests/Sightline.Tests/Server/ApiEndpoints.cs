using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sightline.Tests.Server;

/// <summary>The endpoints the running server maps under /api, as "METHOD /path".</summary>
public static class ApiEndpoints
{
    public static List<string> Mapped(ServerWorld world) =>
        world.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Path(e)}"))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public static string Path(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText!.TrimEnd('/');
}
