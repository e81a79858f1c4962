namespace Sightline.Server;

/// <summary>How many login attempts are allowed per window (settings section <c>Sightline:Login</c>).</summary>
public sealed class LoginLimits
{
    /// <summary>The settings section.</summary>
    public const string Section = "Sightline:Login";

    /// <summary>Attempts per user name per window, right or wrong: slows password guessing against one user.</summary>
    public int PerName { get; set; } = 5;

    /// <summary>Attempts per client address per window: slows guessing across many names from one place.</summary>
    public int PerAddress { get; set; } = 30;

    /// <summary>The window length in seconds.</summary>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Checks the settings as written: a value that is no whole number of at least 1 made every sign-in a 500.</summary>
    /// <exception cref="BadInputException">A setting holds a value it cannot have.</exception>
    public static void Check(IConfiguration section) => new SettingChecks(section, Section)
        .Whole(nameof(PerName), 1, int.MaxValue, "expected a whole number of attempts, 1 or more, such as 5")
        .Whole(nameof(PerAddress), 1, int.MaxValue, "expected a whole number of attempts, 1 or more, such as 30")
        .Whole(nameof(WindowSeconds), 1, int.MaxValue, "expected a whole number of seconds, 1 or more, such as 60")
        .ThrowIfAny();
}
