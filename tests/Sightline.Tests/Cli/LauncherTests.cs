using System.Diagnostics;
using Sightline.Tests.Support;

namespace Sightline.Tests.Cli;

/// <summary>
/// The <c>./sightline</c> launcher starts <c>serve</c> with server GC and every other verb with the default collector,
/// and leaves an explicit <c>DOTNET_gcServer</c> alone. Run with a stand-in <c>dotnet</c> that prints what it was given.
/// </summary>
public sealed class LauncherTests : IDisposable
{
    private readonly TempDirectory _bin = new();

    public LauncherTests()
    {
        var fake = Path.Combine(_bin.Path, "dotnet");
        File.WriteAllText(fake, "#!/usr/bin/env bash\nif [[ \"$1\" == build ]]; then exit 0; fi\necho \"gcServer=${DOTNET_gcServer:-unset} args=${*:2}\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose() => _bin.Dispose();

    [Theory]
    [InlineData("serve --workspace w", null, "gcServer=1 args=serve --workspace w")]
    [InlineData("import --workspace w x.csv", null, "gcServer=unset args=import --workspace w x.csv")]
    [InlineData("serve", "0", "gcServer=0 args=serve")]
    public void Serve_RunsWithServerGc_OtherVerbsAndAnExplicitChoiceAreLeftAlone(string arguments, string? explicitChoice, string expected)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(SharedData.RepositoryRoot(), "sightline"));
        foreach (var argument in arguments.Split(' '))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = _bin.Path + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment.Remove("DOTNET_gcServer");
        if (explicitChoice is not null)
        {
            start.Environment["DOTNET_gcServer"] = explicitChoice;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
        Assert.Equal(expected, output.Trim().Split('\n')[^1]);
    }
}
