using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using MudBlazor.Services;
using Sightline.Server.Components;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary>
/// The web app: Blazor pages rendered on the server (interactive over a circuit), MudBlazor components, and the form
/// endpoints that sign a browser in and out with the cookie. Pages use the same core queries and scope as the API.
/// </summary>
public static class WebApp
{
    /// <summary>The sign-in page.</summary>
    public const string LoginPath = "/login";

    /// <summary>Adds the Razor component services.</summary>
    public static IServiceCollection AddSightlineWeb(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        return services;
    }

    /// <summary>Maps the static files, the pages and the form sign-in and sign-out.</summary>
    public static WebApplication MapSightlineWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", ([FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl, Workspace workspace,
                LoginThrottle throttle, TimeProvider clock, HttpContext context) =>
            {
                var (user, problem) = AuthApi.Authenticate(name, password, workspace, throttle, clock, context, "cookie");
                var back = LocalPath(returnUrl);
                if (user is null)
                {
                    var error = problem?.ProblemDetails.Detail ?? "sign-in failed";
                    return Results.Redirect($"{LoginPath}?error={Uri.EscapeDataString(error)}&returnUrl={Uri.EscapeDataString(back)}");
                }

                return Results.SignIn(Caller.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme),
                    new AuthenticationProperties { RedirectUri = back }, CookieAuthenticationDefaults.AuthenticationScheme);
            })
            .AllowAnonymous().RequireRateLimiting(SightlineHost.LoginPolicy);
        account.MapPost("/logout", async (HttpContext context, Workspace workspace, SessionValidator sessions) =>
            {
                sessions.LogOut(context.User, workspace);
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
                return Results.Redirect(LoginPath);
            })
            .AllowAnonymous();
        return app;
    }

    /// <summary>Whether a request is for the API (answered with 401/403) rather than a page (redirected to sign in).</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>Only a path on this site, so a crafted return address cannot send a user elsewhere after signing in.</summary>
    public static string LocalPath(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
