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
}
