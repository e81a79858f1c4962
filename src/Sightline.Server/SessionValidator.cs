using System.Collections.Concurrent;
using System.Security.Claims;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Sightline.Access;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary>
/// Checks on every request that a token or cookie still stands for a current user: one in the workspace's users table
/// with the role and rep id the token carries, whose session no logout has ended. A token carries who the user was when
/// they signed in, for 8 hours; without this check a deleted user, or one given a narrower role, kept the old access until
/// it expired, and a cookie saved before a logout kept working. Users are re-read at most every <see cref="CacheFor"/>;
/// a logout counts at once on the server that took it, and on another server of the workspace within
/// <see cref="CacheFor"/> (logouts are read back from the audit log, so they also outlive a restart).
/// </summary>
public sealed class SessionValidator(WorkspaceHost host, TimeProvider clock)
{
    /// <summary>How long a user's row, and the list of ended sessions, are reused before being read again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    /// <summary>The claim naming a sign-in's session, which a logout ends.</summary>
    public const string SessionClaim = "sightline:session";

    /// <summary>The audit detail of a logout, before the session id.</summary>
    private const string EndedPrefix = "session ";

    // No token or cookie outlives its logout by more: tokens last 8 hours, and a rejected cookie is never renewed.
    private static readonly TimeSpan RememberLogouts = TimeSpan.FromHours(8) + TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (UserAccount? User, DateTimeOffset Until)> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _endedHere = new(StringComparer.Ordinal);
    private readonly Lock _endedGate = new();
    private readonly Lock _usersGate = new();
    private EndedSessions _ended = new([], DateTimeOffset.MinValue);

    private sealed record EndedSessions(HashSet<string> Ids, DateTimeOffset Until);

    /// <summary>A new session id for a sign-in.</summary>
    public static Claim NewSession() => new(SessionClaim, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));

    /// <summary>Whether a signed-in principal's user still exists with the same role and rep id, and its session was not ended.</summary>
    public bool IsCurrent(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.FindFirstValue(SessionClaim) is { } session && IsEnded(session))
        {
            return false;
        }

        var claimed = Caller.User(principal);
        return Find(claimed.Name) is { } stored && stored.Role == claimed.Role && string.Equals(stored.RepId, claimed.RepId, StringComparison.Ordinal);
    }

    /// <summary>Ends the principal's session (if it is signed in) and audits the logout.</summary>
    public void LogOut(ClaimsPrincipal principal, Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var session = principal.FindFirstValue(SessionClaim);
        var kind = principal.Identity.AuthenticationType == BearerTokenDefaults.AuthenticationScheme ? "token" : "cookie";
        AuditLog.Write(workspace, clock, Caller.Name(principal), "logout", kind, session is null ? null : EndedPrefix + session);
        if (session is not null)
        {
            _endedHere[session] = 0;
        }
    }

    private UserAccount? Find(string name)
    {
        var now = clock.GetUtcNow();
        var known = _users.TryGetValue(name, out var cached);
        if (known && now < cached.Until)
        {
            return cached.User;
        }

        // As with ended sessions: a user seen before is re-read by one request while the others use the row read last.
        if (known && !_usersGate.TryEnter())
        {
            return cached.User;
        }

        try
        {
            using var workspace = host.Open();
            var user = new UserStore(workspace, clock).Find(name);
            _users[name] = (user, now + CacheFor);
            return user;
        }
        finally
        {
            if (known)
            {
                _usersGate.Exit();
            }
        }
    }

    private bool IsEnded(string session)
    {
        if (_endedHere.ContainsKey(session))
        {
            return true;
        }

        var now = clock.GetUtcNow();
        var ended = Volatile.Read(ref _ended);
        if (now < ended.Until)
        {
            return ended.Ids.Contains(session);
        }

        // One request re-reads the list; the others go on with the last one read rather than queue behind a database
        // read (at thousands of touchpoints a second that queue was a stall every CacheFor). Only the very first read,
        // when there is no list yet, is waited for.
        var first = ended.Until == DateTimeOffset.MinValue;
        if (first)
        {
            _endedGate.Enter();
        }
        else if (!_endedGate.TryEnter())
        {
            return ended.Ids.Contains(session);
        }

        try
        {
            ended = Volatile.Read(ref _ended);
            if (now >= ended.Until)
            {
                ended = new EndedSessions(ReadEnded(now), now + CacheFor);
                Volatile.Write(ref _ended, ended);

                // What the audit log now holds need not be remembered twice.
                foreach (var id in ended.Ids)
                {
                    _endedHere.TryRemove(id, out _);
                }
            }
        }
        finally
        {
            _endedGate.Exit();
        }

        return ended.Ids.Contains(session);
    }

    private HashSet<string> ReadEnded(DateTimeOffset now)
    {
        using var workspace = host.Open();
        using var command = workspace.Connection.CreateCommand();
        command.CommandText = $"SELECT detail FROM {AuditLog.Table} WHERE action = 'logout' AND logged_at >= $1 AND starts_with(detail, '{EndedPrefix}')";
        command.Parameters.Add(new DuckDBParameter((now - RememberLogouts).UtcDateTime));
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ids.Add(reader.GetString(0)[EndedPrefix.Length..]);
        }

        return ids;
    }
}
