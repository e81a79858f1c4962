namespace Sightline.Server;

/// <summary>The Sightline server: <c>sightline serve</c> calls <see cref="Main"/>; tests start it through WebApplicationFactory.</summary>
public sealed class Program
{
    /// <summary>The host setting that makes configuration files reload when they change.</summary>
    internal const string ReloadConfigOnChange = "hostBuilder:reloadConfigOnChange";

    private Program()
    {
    }

    /// <summary>Builds and runs the server; the workspace comes from the <c>Sightline:Workspace</c> setting.</summary>
    public static void Main(string[] args) => Build(args).Run();

    /// <summary>
    /// The server app <see cref="Main"/> runs, for a host that starts and stops it itself (the demo's replay starts it
    /// on a free loopback port, posts a day of touchpoints and stops it).
    /// </summary>
    public static WebApplication Build(string[] args)
    {
        // Named after this assembly even when the CLI hosts it, so the static asset manifests built for this project
        // (MudBlazor, the Blazor script, app.css) are found; a build output, not only a publish, serves them.
        // No reload of appsettings on change: it watches the content root and every folder under it, so a workspace there
        // (its event log and DuckDB files written on every touchpoint) kept a watcher thread reading events.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [$"--{ReloadConfigOnChange}=false", .. args],
            ApplicationName = typeof(Program).Assembly.GetName().Name,
        });
        builder.WebHost.UseStaticWebAssets();
        builder.AddSightline();
        var app = builder.Build();
        app.MapSightline();
        return app;
    }
}
