namespace Sightline.Server;

/// <summary>The Sightline server: <c>sightline serve</c> calls <see cref="Main"/>; tests start it through WebApplicationFactory.</summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>Builds and runs the server; the workspace comes from the <c>Sightline:Workspace</c> setting.</summary>
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddSightline();
        var app = builder.Build();
        app.MapSightline();
        app.Run();
    }
}
