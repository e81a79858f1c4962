using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Sightline.Tests.Models;
using Sightline.Tests.Server;
using ServerProgram = global::Sightline.Server.Program;

namespace Sightline.Tests.Web;

/// <summary>
/// The server world's workspace behind its own in-process server with login limits high enough for page tests, and one
/// sign-in cookie per user (fetched once through <c>POST /api/auth/login</c>, the same cookie the pages accept).
/// </summary>
public sealed class LeadersWebWorld
{
    private static readonly Lock Gate = new();
    private static LeadersWebWorld? _shared;
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    private LeadersWebWorld(ServerWorld world)
    {
        World = world;
        Factory = world.CreateFactory(perName: 10_000, perAddress: 100_000);
    }

    public static LeadersWebWorld Get(ScoredDemoFixture demo)
    {
        lock (Gate)
        {
            if (_shared is null)
            {
                _shared = new LeadersWebWorld(ServerWorld.Get(demo));
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared.Factory.Dispose();
            }

            return _shared;
        }
    }

    public ServerWorld World { get; }

    public WebApplicationFactory<ServerProgram> Factory { get; }

    /// <summary>Signs the user in (once) and returns the page's HTML (entities decoded, so texts compare as written) and status; redirects are not followed.</summary>
    public async Task<(HttpStatusCode Status, string Html)> Page(string user, string path)
    {
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        string cookie;
        lock (_cookies)
        {
            if (!_cookies.TryGetValue(user, out cookie!))
            {
                using var login = client.PostAsJsonAsync("/api/auth/login", new { name = user, password = ServerWorld.Password }).GetAwaiter().GetResult();
                login.EnsureSuccessStatusCode();
                cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sightline=", StringComparison.Ordinal)).Split(';')[0];
                _cookies[user] = cookie;
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }
}
