using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sightline.Server;
using Sightline.Tests.Models;

namespace Sightline.Tests.Server;

/// <summary>Bearer tokens are decrypted once and reused until they expire or the cache's age limit, never past either.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class BearerTicketCacheTests(ScoredDemoFixture demo)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_token_is_decrypted_once_and_each_caller_gets_its_own_principal()
    {
        var inner = new CountingFormat(Start.AddHours(8));
        var cache = new BearerTicketCache(inner, new MovableClock(Start));
        var first = cache.Unprotect("token-1");
        var second = cache.Unprotect("token-1");
        Assert.Equal(1, inner.Unprotects);
        Assert.Equal(1, cache.Decryptions);
        Assert.Equal("user:token-1", second!.Principal.Identity!.Name);
        Assert.NotSame(first!.Principal, second.Principal);
        Assert.NotSame(first.Properties, second.Properties);

        // A claim added to one request's user does not reach the next request.
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim("extra", "1"));
        Assert.Null(cache.Unprotect("token-1")!.Principal.FindFirst("extra"));
    }

    [Fact]
    public void A_cached_token_is_read_again_after_its_expiry_and_after_the_age_limit()
    {
        var clock = new MovableClock(Start);
        var soon = new CountingFormat(Start.AddMinutes(1));
        var cache = new BearerTicketCache(soon, clock);
        cache.Unprotect("short");
        clock.Now = Start.AddSeconds(59);
        cache.Unprotect("short");
        Assert.Equal(1, soon.Unprotects);
        clock.Now = Start.AddMinutes(1);
        cache.Unprotect("short");
        Assert.Equal(2, soon.Unprotects); // at its expiry the inner format (and then the handler's expiry check) decides again

        clock.Now = Start;
        var later = new CountingFormat(Start.AddHours(8));
        cache = new BearerTicketCache(later, clock);
        cache.Unprotect("long");
        clock.Now = Start + BearerTicketCache.MaxAge - TimeSpan.FromSeconds(1);
        cache.Unprotect("long");
        Assert.Equal(1, later.Unprotects);
        clock.Now = Start + BearerTicketCache.MaxAge;
        cache.Unprotect("long");
        Assert.Equal(2, later.Unprotects);
    }

    [Fact]
    public void A_bad_token_is_never_remembered_and_the_cache_cannot_grow_past_its_limit()
    {
        var inner = new CountingFormat(Start.AddHours(8));
        var cache = new BearerTicketCache(inner, new MovableClock(Start));
        Assert.Null(cache.Unprotect("bad"));
        Assert.Null(cache.Unprotect("bad"));
        Assert.Equal(2, inner.Unprotects);

        for (var i = 0; i <= BearerTicketCache.MaxEntries; i++)
        {
            cache.Unprotect($"t{i}");
        }

        var before = inner.Unprotects;
        cache.Unprotect("t0");
        Assert.Equal(before + 1, inner.Unprotects); // started over at the limit, so the oldest token was forgotten
    }

    [Fact]
    public async Task The_server_decrypts_a_reused_token_once_and_still_rejects_a_forged_one()
    {
        var world = ServerWorld.Get(demo);
        using var client = world.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var login = await client.PostAsJsonAsync("/api/auth/token", new { name = "analyst", password = ServerWorld.Password });
        using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("accessToken").GetString();
        var cache = Assert.IsType<BearerTicketCache>(world.Factory.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>()
            .Get(BearerTokenDefaults.AuthenticationScheme).BearerTokenProtector);

        var before = cache.Decryptions;
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
            request.Headers.Authorization = new("Bearer", token);
            using var me = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains("\"analyst\"", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(before + 1, cache.Decryptions);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        forged.Headers.Authorization = new("Bearer", token![..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(forged)).StatusCode);
    }

    private sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Decrypts "token" text to a ticket for user:text expiring at <paramref name="expires"/>; "bad" is unreadable.</summary>
    private sealed class CountingFormat(DateTimeOffset expires) : ISecureDataFormat<AuthenticationTicket>
    {
        public int Unprotects { get; private set; }

        public string Protect(AuthenticationTicket data) => throw new NotSupportedException();

        public string Protect(AuthenticationTicket data, string? purpose) => throw new NotSupportedException();

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Unprotects++;
            if (protectedText == "bad")
            {
                return null;
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "user:" + protectedText)], "test"));
            return new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = expires }, "test");
        }
    }
}
