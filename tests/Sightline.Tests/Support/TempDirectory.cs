namespace Sightline.Tests.Support;

/// <summary>A fresh folder under /tmp, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sightline-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a text file (UTF-8 without BOM unless told otherwise) and returns its path.</summary>
    public string Write(string name, string text, System.Text.Encoding? encoding = null)
    {
        var path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text, encoding ?? new System.Text.UTF8Encoding(false));
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A DuckDB file still mapped by a finalising connection; /tmp is cleaned anyway.
        }
    }
}
