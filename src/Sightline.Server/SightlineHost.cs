using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Sightline.Server.Realtime;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary>Registers and maps everything the server has: workspace, auth, rate limits, problem details, OpenAPI, the API and the web app.</summary>
public static class SightlineHost
{
    /// <summary>The authentication scheme every /api endpoint uses: a bearer token when the request carries one, else the cookie.</summary>
    public const string Scheme = "Sightline";

    /// <summary>The rate-limiter policy on the login endpoints (per client address).</summary>
    public const string LoginPolicy = "login";

    /// <summary>Adds the server's services.</summary>
    public static WebApplicationBuilder AddSightline(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);

        // Kestrel's default, named so that sightline touch refuses a line of a file at the same size.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = Sightline.Realtime.TouchpointEventReader.MaxRequestBytes);
        services.AddSingleton<WorkspaceHost>();
        services.AddScoped<Workspace>(sp => sp.GetRequiredService<WorkspaceHost>().Open());
        LoginLimits.Check(builder.Configuration.GetSection(LoginLimits.Section));
        services.AddOptions<LoginLimits>().BindConfiguration(LoginLimits.Section);
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<BatchRuns>();

        services.AddSightlineWeb();
        builder.AddSightlineRealtime();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
            InstantJson.Use(o.SerializerOptions);

            // A misspelt field would bind as its default (a decision's "aprove": true read as a rejection): refused instead.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });

        // Binding failures reach ProblemExceptionHandler, which names the field or parameter (else a bare "Bad Request").
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        // Tokens and cookies are sealed with keys kept in the workspace: one minted on another workspace (a scratch one
        // where anybody may be admin) does not open here, and a restart from another folder keeps them valid.
        services.AddDataProtection().SetApplicationName("Sightline");
        services.AddOptions<KeyManagementOptions>().Configure<IConfiguration, ILoggerFactory>((o, configuration, logs) =>
        {
            if (configuration[WorkspaceHost.WorkspaceSetting] is { Length: > 0 } workspace)
            {
                o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(KeyDirectory(workspace)), logs);
            }
        });

        services.AddSingleton<IPostConfigureOptions<BearerTokenOptions>, BearerTicketCache.Install>();

        // Every request's user is checked against the users table and the logouts: by the token format for bearer
        // tokens, by OnValidatePrincipal for cookies.
        services.AddSingleton<SessionValidator>();
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token or cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddBearerToken(o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(8);

                // The scheme's name is case-insensitive (RFC 9110), but the handler reads only "Bearer " as written.
                o.Events.OnMessageReceived = context =>
                {
                    var header = context.Request.Headers.Authorization.ToString();
                    if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Token = header["Bearer ".Length..].Trim();
                    }

                    return Task.CompletedTask;
                };
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = "sightline";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;

                // The API answers 401/403; a page sends the browser to the sign-in page (or says it is not allowed).
                o.LoginPath = WebApp.LoginPath;

                // A cookie of a deleted user, changed role or ended session is dropped, never renewed by the sliding expiry.
                o.Events.OnValidatePrincipal = async context =>
                {
                    if (context.Principal is { } principal && !context.HttpContext.RequestServices.GetRequiredService<SessionValidator>().IsCurrent(principal))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
                    }
                };
                o.AccessDeniedPath = "/denied";
                o.Events.OnRedirectToLogin = context =>
                {
                    if (WebApp.IsApi(context.Request))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    }
                    else
                    {
                        context.Response.Redirect(context.RedirectUri);
                    }

                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    if (WebApp.IsApi(context.Request))
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    }
                    else
                    {
                        context.Response.Redirect(context.RedirectUri);
                    }

                    return Task.CompletedTask;
                };
            });
        services.AddAuthorization(o =>
            o.DefaultPolicy = new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().RequireClaim(Caller.RoleClaim).Build());

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                LoginThrottle.SetRetryAfter(context.HttpContext, context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null);
                return LoginThrottle.Reject(context.HttpContext, "too many login attempts from this address");
            };
            o.AddPolicy(LoginPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<LoginLimits>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "(none)", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PerAddress,
                    Window = TimeSpan.FromSeconds(limits.WindowSeconds),
                    QueueLimit = 0,
                });
            });
        });

        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Sightline API";
            document.Info.Description = "Accounts, segments, scores, lists and plans, each limited to what the signed-in user may see. "
                + "Sign in with POST /api/auth/token (bearer token) or POST /api/auth/login (cookie).";

            // Declared so the interactive docs offer a token field; the cookie works from a browser on its own.
            document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes["Bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The accessToken from POST /api/auth/token",
            };
            document.Security ??= [];
            document.Security.Add(new Microsoft.OpenApi.OpenApiSecurityRequirement
            {
                [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("Bearer", document)] = [],
            });
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>
    /// A bodiless error answer as ProblemDetails; a 415 (routing refuses a body type before any endpoint runs, so it
    /// said nothing) names the type sent and the ones the endpoint reads.
    /// </summary>
    private static async Task WriteStatusProblem(Microsoft.AspNetCore.Diagnostics.StatusCodeContext context)
    {
        var http = context.HttpContext;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = http.Response.StatusCode };
        if (http.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            var accepted = http.Request.Path.StartsWithSegments("/api/touchpoints", StringComparison.OrdinalIgnoreCase)
                ? TouchpointsApi.AcceptedTypes
                : ["application/json"];
            problem.Title = "Unsupported media type";
            problem.Detail = $"the body is sent as '{(string.IsNullOrEmpty(http.Request.ContentType) ? "(no Content-Type)" : http.Request.ContentType)}'; "
                + $"send it as {string.Join(", ", accepted)}";
        }

        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }).ConfigureAwait(false);
    }

    /// <summary>Where a workspace keeps the keys that seal its tokens and cookies.</summary>
    public static string KeyDirectory(string workspace) => Path.Combine(Path.GetFullPath(workspace), "keys");

    /// <summary>Maps the middleware and every endpoint.</summary>
    public static WebApplication MapSightline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages(WriteStatusProblem);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        // Open the workspace now, so a wrong folder stops the server at start rather than at the first request.
        _ = app.Services.GetRequiredService<WorkspaceHost>();

        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        var api = app.MapGroup("/api");
        api.MapAuthApi();
        var secured = api.MapGroup("").RequireAuthorization();
        secured.MapAccountsApi();
        secured.MapSegmentsApi();
        secured.MapListsApi();
        secured.MapRunsApi();
        secured.MapPlansApi();
        secured.MapActionsApi();
        secured.MapAuditApi();
        secured.MapExportsApi();
        secured.MapTouchpointsApi();
        app.MapSightlineWeb();
        return app;
    }
}
