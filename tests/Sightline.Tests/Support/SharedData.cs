namespace Sightline.Tests.Support;

/// <summary>The public data sets in <c>../shared/data</c> beside the checkout.</summary>
public static class SharedData
{
    public static string Path(params string[] parts) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine([RepositoryRoot(), "..", "shared", "data", .. parts]));

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Sightline.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Sightline.slnx above {AppContext.BaseDirectory}");
    }
}

/// <summary>A fact that runs only when a shared data file sits beside the checkout (CI clones may not have it).</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(params string[] parts)
    {
        var path = SharedData.Path(parts);
        if (!File.Exists(path))
        {
            Skip = $"the shared data file is not here: {path}";
        }
    }
}
