using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;

namespace Sightline.Server;

/// <summary>
/// Remembers what a bearer token decrypts to, so a client posting many requests with one token (a CRM integration sending
/// touchpoints) pays the data-protection decryption once per <see cref="MaxAge"/> rather than on every request, where it
/// was a tenth of the cost of a touchpoint post. Safe because a token is immutable and carries its own expiry, which the
/// bearer handler still checks on every request, and whether its user and session are still current
/// (<see cref="SessionValidator"/>) is asked on every request too, cached or not. What the cache delays is the effect of
/// revoking the data-protection key itself: a token already seen stays readable for up to <see cref="MaxAge"/> after that.
/// </summary>
public sealed class BearerTicketCache(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock, SessionValidator? sessions = null)
    : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>How long a decrypted token is reused at most.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>Tokens remembered at most; past this the cache starts over (a flood of distinct tokens cannot grow it).</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (AuthenticationTicket Ticket, DateTimeOffset Until)> _seen = new(StringComparer.Ordinal);

    /// <summary>Decryptions done (cache misses), for tests.</summary>
    public int Decryptions => Volatile.Read(ref _decryptions);

    private int _decryptions;

    /// <inheritdoc />
    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    /// <inheritdoc />
    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    /// <inheritdoc />
    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    /// <inheritdoc />
    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        // A token of a deleted user or an ended session reads as no token, so the answer is 401 (not 403).
        var ticket = Read(protectedText, purpose);
        return ticket is not null && sessions is not null && !sessions.IsCurrent(ticket.Principal) ? null : ticket;
    }

    private AuthenticationTicket? Read(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        var now = clock.GetUtcNow();
        if (_seen.TryGetValue(protectedText, out var seen) && now < seen.Until)
        {
            return Copy(seen.Ticket);
        }

        Interlocked.Increment(ref _decryptions);
        var ticket = inner.Unprotect(protectedText);
        if (ticket is null)
        {
            return null; // not remembered: a bad token costs its sender a decryption every time
        }

        if (_seen.Count >= MaxEntries)
        {
            _seen.Clear();
        }

        var until = now + MaxAge;
        if (ticket.Properties.ExpiresUtc is { } expires && expires < until)
        {
            until = expires;
        }

        _seen[protectedText] = (ticket, until);
        return Copy(ticket);
    }

    // Each request gets its own principal and identities (ClaimsPrincipal.Clone shares the identities), so nothing one
    // request does to its user reaches another.
    private static AuthenticationTicket Copy(AuthenticationTicket ticket) =>
        new(new ClaimsPrincipal(ticket.Principal.Identities.Select(i => i.Clone())), ticket.Properties.Clone(), ticket.AuthenticationScheme);

    /// <summary>Wraps the bearer scheme's token format (set by the framework's own configuration) in a cache.</summary>
    internal sealed class Install(TimeProvider clock, SessionValidator sessions) : IPostConfigureOptions<BearerTokenOptions>
    {
        public void PostConfigure(string? name, BearerTokenOptions options)
        {
            if (options.BearerTokenProtector is not BearerTicketCache)
            {
                options.BearerTokenProtector = new BearerTicketCache(options.BearerTokenProtector, clock, sessions);
            }
        }
    }
}
