namespace Sightline.Server;

/// <summary>The Sightline server: <c>sightline serve</c> calls <see cref="Main"/>; tests start it through WebApplicationFactory.</summary>
public sealed class Program
{
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
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.WebHost.UseStaticWebAssets();
        builder.AddSightline();
        var app = builder.Build();
        app.MapSightline();
        return app;
    }
}
