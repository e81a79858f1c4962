using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sightline.Access;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary>A name and password.</summary>
public sealed record LoginRequest(string Name, string Password);

/// <summary>A bearer token: send <c>Authorization: Bearer {AccessToken}</c>; it opens the API for <c>ExpiresIn</c> seconds.</summary>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="AccessToken">The token.</param>
/// <param name="ExpiresIn">Its lifetime in seconds (8 hours).</param>
public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn);

/// <summary>Who the caller is and what they see.</summary>
public sealed record MeResponse(string Name, UserRole Role, string? RepId, string Scope);

/// <summary>
/// <c>/api/auth</c>: a bearer token for API clients (<c>token</c>), a cookie for the web app (<c>login</c>, <c>logout</c>), and
/// <c>me</c>. Logins are limited per client address (middleware) and per name (<see cref="LoginThrottle"/>), and every
/// attempt, right, wrong or throttled, goes to the audit log.
/// </summary>
public static class AuthApi
{
    /// <summary>Maps the endpoints under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("auth");
        auth.MapPost("/token", Results<Ok<TokenResponse>, ProblemHttpResult> (LoginRequest request, Workspace workspace, LoginThrottle throttle,
                TimeProvider clock, HttpContext context, IOptionsMonitor<BearerTokenOptions> bearer) =>
            {
                var (user, problem) = Authenticate(request.Name, request.Password, workspace, throttle, clock, context, "token");
                return user is null ? problem! : TypedResults.Ok(Token(user, bearer.Get(BearerTokenDefaults.AuthenticationScheme), clock));
            })
            .AllowAnonymous().RequireRateLimiting(SightlineHost.LoginPolicy)
            .WithSummary("Exchanges a name and password for a bearer token (8 hours; no refresh token: sign in again)");
        auth.MapPost("/login", (LoginRequest request, Workspace workspace, LoginThrottle throttle, TimeProvider clock, HttpContext context) =>
                CookieSignIn(request, workspace, throttle, clock, context))
            .AllowAnonymous().RequireRateLimiting(SightlineHost.LoginPolicy)
            .WithSummary("Signs in with a name and password and sets the session cookie for the web app");
        auth.MapPost("/logout", (ClaimsPrincipal user, Workspace workspace, SessionValidator sessions) =>
            {
                sessions.LogOut(user, workspace);
                return TypedResults.SignOut(authenticationSchemes: [CookieAuthenticationDefaults.AuthenticationScheme]);
            })
            .AllowAnonymous()
            .WithSummary("Ends the caller's session: the cookie it signed in with, or the bearer token sent, no longer opens anything");
        auth.MapGet("/me", (ClaimsPrincipal user) =>
            {
                var scope = Caller.Scope(user);
                return TypedResults.Ok(new MeResponse(Caller.Name(user), scope.Role, scope.RepId, scope.Describe()));
            })
            .RequireAuthorization()
            .WithSummary("The signed-in user, role and what they may see");
        return api;
    }

    private static Results<SignInHttpResult, ProblemHttpResult> CookieSignIn(LoginRequest request, Workspace workspace, LoginThrottle throttle,
        TimeProvider clock, HttpContext context)
    {
        var (user, problem) = Authenticate(request.Name, request.Password, workspace, throttle, clock, context, "cookie");
        const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
        return user is null ? problem! : TypedResults.SignIn(Caller.Principal(user, Scheme), authenticationScheme: Scheme);
    }

    /// <summary>
    /// The bearer token as the framework's sign-in writes it, without its refresh token: nothing here accepts one (the
    /// framework's refresh endpoint belongs to Identity, which Sightline does not use), so handing it out only invited
    /// clients to rely on it. A client signs in again when its token expires.
    /// </summary>
    private static TokenResponse Token(UserAccount user, BearerTokenOptions options, TimeProvider clock)
    {
        var properties = new AuthenticationProperties { IssuedUtc = clock.GetUtcNow(), ExpiresUtc = clock.GetUtcNow() + options.BearerTokenExpiration };
        var ticket = new AuthenticationTicket(Caller.Principal(user, BearerTokenDefaults.AuthenticationScheme), properties,
            $"{BearerTokenDefaults.AuthenticationScheme}:AccessToken");
        return new TokenResponse("Bearer", options.BearerTokenProtector.Protect(ticket), (long)options.BearerTokenExpiration.TotalSeconds);
    }

    /// <summary>The longest name read: no user name is longer (<c>sightline users add</c> takes 1 to 64 characters).</summary>
    public const int MaxNameLength = 64;

    /// <summary>The longest password read: hashing a longer one costs the server, not the guesser.</summary>
    public const int MaxPasswordLength = 1024;

    /// <summary>A name as the audit log stores a failed attempt's: at most <see cref="MaxNameLength"/> characters, control characters escaped (DuckDB cuts text at U+0000).</summary>
    private static string Audited(string name) => Diagnostic.Visible(name.Length > MaxNameLength ? name[..MaxNameLength] : name);

    /// <summary>
    /// Checks a name and password against the per-name limit and the user store, and writes the attempt to the audit log.
    /// Returns the user, or the problem to answer with (429 or 401).
    /// </summary>
    internal static (UserAccount? User, ProblemHttpResult? Problem) Authenticate(string? name, string? password, Workspace workspace,
        LoginThrottle throttle, TimeProvider clock, HttpContext context, string kind)
    {
        name ??= "";
        var from = context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address";

        // No user has a longer name, and an unbounded one went whole into the audit log (20 MB a request, unauthenticated).
        if (name.Length > MaxNameLength || password?.Length > MaxPasswordLength)
        {
            AuditLog.Write(workspace, clock, Audited(name), "login_failed", kind, string.Create(CultureInfo.InvariantCulture,
                $"name of {name.Length:N0} or password of {password?.Length ?? 0:N0} characters, too long, from {from}"));
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad input",
                detail: string.Create(CultureInfo.InvariantCulture, $"a user name has at most {MaxNameLength} characters and a password at most {MaxPasswordLength:N0}")));
        }

        if (!throttle.TryAcquire(name, out var retryAfter))
        {
            AuditLog.Write(workspace, clock, Audited(name), "login_throttled", kind, $"too many attempts for this name, from {from}");
            LoginThrottle.SetRetryAfter(context, retryAfter);
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many login attempts",
                detail: "too many login attempts for this name; wait a minute and try again"));
        }

        var user = new UserStore(workspace, clock).Verify(name, password ?? "");
        if (user is null)
        {
            AuditLog.Write(workspace, clock, Audited(name), "login_failed", kind, $"unknown name or wrong password, from {from}");
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Login failed", detail: "unknown name or wrong password"));
        }

        AuditLog.Write(workspace, clock, user.Name, "login", kind, $"{UserRoles.Name(user.Role)} from {from}");
        return (user, null);
    }
}
