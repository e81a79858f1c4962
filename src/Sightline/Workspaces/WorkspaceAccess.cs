namespace Sightline.Workspaces;

/// <summary>What a command needs of the workspace database.</summary>
public enum WorkspaceAccess
{
    /// <summary>The command writes: a workspace this user cannot write is refused.</summary>
    ReadWrite,

    /// <summary>The command only reads: a workspace this user cannot write is opened read-only.</summary>
    Read,
}
