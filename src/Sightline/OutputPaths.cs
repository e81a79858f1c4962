namespace Sightline;

/// <summary>
/// Checks the files and folders a verb is asked to write, before any work, so a mistyped path is bad input naming the
/// option rather than an I/O exception after minutes of work.
/// </summary>
public static class OutputPaths
{
    /// <summary>The full path of a file to be written: refuses an unusable path, a folder, and a folder that does not exist.</summary>
    /// <param name="path">The path as given.</param>
    /// <param name="source">The option (or argument) that gave it, for the message.</param>
    /// <exception cref="BadInputException">Such a path.</exception>
    public static string CheckFile(string path, string source)
    {
        var full = FullPath(path, source, "a file");
        if (Directory.Exists(full))
        {
            throw new BadInputException(new Diagnostic(source, null, null, path, "is a folder, not a file; give a file name to write"));
        }

        var parent = Path.GetDirectoryName(full);
        if (parent is not null && !Directory.Exists(parent))
        {
            throw new BadInputException(new Diagnostic(source, null, null, path,
                File.Exists(parent) ? $"{parent} is a file, not a folder" : $"the folder {parent} does not exist; create it first or give another path"));
        }

        return full;
    }

    /// <summary>Writes <paramref name="text"/> to a file checked by <see cref="CheckFile"/>; a write the system refuses is bad input too.</summary>
    /// <exception cref="BadInputException">The path is not writable.</exception>
    public static void WriteAllText(string path, string text, string source)
    {
        var full = CheckFile(path, source);
        try
        {
            File.WriteAllText(full, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(new Diagnostic(source, null, null, path, $"cannot write the file: {e.Message}"));
        }
    }

    /// <summary>The full path of a folder to write into, created when missing: refuses an unusable path, a file, and a folder the system will not create.</summary>
    /// <param name="path">The path as given.</param>
    /// <param name="source">The option (or argument) that gave it, for the message.</param>
    /// <exception cref="BadInputException">Such a path.</exception>
    public static string EnsureFolder(string path, string source)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new BadInputException(new Diagnostic(source, null, null, path ?? "", "expected a folder"));
        }

        var full = FullPath(path, source, "a folder");
        if (File.Exists(full))
        {
            throw new BadInputException(new Diagnostic(source, null, null, path, "is a file, not a folder; give a folder (it is created when missing)"));
        }

        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(new Diagnostic(source, null, null, path, $"cannot create the folder: {e.Message}"));
        }

        return full;
    }

    private static string FullPath(string path, string source, string what)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new BadInputException(new Diagnostic(source, null, null, path ?? "", $"not a usable path for {what}: {e.Message}"));
        }
    }
}
