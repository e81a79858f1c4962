using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary>
/// The workspace the server was started on, opened (and migrated) once. Each request gets its own duplicated
/// connection to the same database (<see cref="Workspace.DuplicateOnDemand"/>, opened when the request first uses it): DuckDB connections are not safe to share
/// between threads, but many connections on one database are.
/// </summary>
public sealed class WorkspaceHost : IDisposable
{
    /// <summary>The setting naming the workspace folder.</summary>
    public const string WorkspaceSetting = "Sightline:Workspace";

    private readonly Workspace _root;

    /// <summary>Opens the workspace named by <see cref="WorkspaceSetting"/>.</summary>
    public WorkspaceHost(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var directory = configuration[WorkspaceSetting];
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new InvalidOperationException($"no workspace: start the server with --{WorkspaceSetting} DIR (or sightline serve --workspace DIR)");
        }

        _root = Workspace.Open(directory);
    }

    /// <summary>The workspace folder.</summary>
    public string Directory => _root.Directory;

    /// <summary>A workspace handle with its own connection, opened on first use; the caller disposes it.</summary>
    public Workspace Open() => _root.DuplicateOnDemand();

    /// <summary>Reads <c>sightline.yaml</c> again into the shared settings, after a request edited it.</summary>
    public void ReloadSettings() => _root.ReloadSettings();

    /// <inheritdoc />
    public void Dispose() => _root.Dispose();
}
