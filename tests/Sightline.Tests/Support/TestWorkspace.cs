using System.Globalization;
using Sightline.Import;
using Sightline.Workspaces;

namespace Sightline.Tests.Support;

/// <summary>A workspace in a temp folder, with helpers to import text files and query.</summary>
public sealed class TestWorkspace : IDisposable
{
    private readonly TempDirectory _directory = new();

    public TestWorkspace(string? yaml = null)
    {
        if (yaml is not null)
        {
            Directory.CreateDirectory(WorkspaceDirectory);
            File.WriteAllText(System.IO.Path.Combine(WorkspaceDirectory, ProjectSettings.FileName), yaml);
        }

        Workspace = Workspace.Init(WorkspaceDirectory);
    }

    public string WorkspaceDirectory => _directory.File("ws");

    public Workspace Workspace { get; private set; }

    public TempDirectory Files => _directory;

    /// <summary>Writes the files and imports them in one command.</summary>
    public ImportResult Import(ImportOptions? options = null, params (string Name, string Text)[] files)
    {
        var paths = files.Select(f => _directory.Write(System.IO.Path.Combine("in-" + Guid.NewGuid().ToString("N")[..6], f.Name), f.Text)).ToList();
        return ImportPaths(paths, options);
    }

    public ImportResult ImportPaths(IReadOnlyList<string> paths, ImportOptions? options = null) =>
        new Importer(Workspace, FixedClock.Default).Import(paths, options ?? new ImportOptions());

    /// <summary>Imports and expects bad input; returns the messages.</summary>
    public BadInputException ImportFails(ImportOptions? options = null, params (string Name, string Text)[] files) =>
        Assert.Throws<BadInputException>(() => Import(options, files));

    public long Count(string sql) => Convert.ToInt64(Workspace.Scalar(sql), CultureInfo.InvariantCulture);

    public string? Text(string sql) => Workspace.Scalar(sql)?.ToString();

    public List<object?[]> Rows(string sql) => Workspace.Rows(sql);

    /// <summary>Each row of the query as its values' text joined by '|' (null as "null"), for one-line assertions.</summary>
    public List<string> Lines(string sql) =>
        Rows($"SELECT COLUMNS(*)::VARCHAR FROM ({sql})").Select(r => string.Join("|", r.Select(v => v?.ToString() ?? "null"))).ToList();

    /// <summary>Closes and reopens the workspace (as a new process would).</summary>
    public void Reopen()
    {
        Workspace.Dispose();
        Workspace = Workspace.Open(WorkspaceDirectory);
    }

    public void Dispose()
    {
        Workspace.Dispose();
        _directory.Dispose();
    }
}
