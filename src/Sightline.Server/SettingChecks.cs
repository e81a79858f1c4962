using System.Globalization;

namespace Sightline.Server;

/// <summary>
/// Checks of server settings as written (environment variables, appsettings, the command line), before they are bound:
/// the binder's own refusal is an internal error with a stack trace, and it takes a value out of range without a word.
/// </summary>
internal sealed class SettingChecks(IConfiguration section, string sectionName)
{
    private readonly List<Diagnostic> _problems = [];

    /// <summary>A whole number from <paramref name="least"/> to <paramref name="most"/>, when given.</summary>
    public SettingChecks Whole(string key, int least, int most, string expected)
    {
        if (section[key] is { } text && !(int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= least && value <= most))
        {
            Add(key, text, expected);
        }

        return this;
    }

    /// <summary>A number of seconds above 0, when given.</summary>
    public SettingChecks Seconds(string key, string example)
    {
        if (section[key] is { } text && !(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds > 0))
        {
            Add(key, text, $"expected a number of seconds above 0, such as {example}");
        }

        return this;
    }

    /// <summary>An absolute http:// or https:// URL with a host, when given and not empty.</summary>
    public SettingChecks HttpUrl(string key, string expected)
    {
        if (section[key] is { Length: > 0 } text
            && !(Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0))
        {
            Add(key, text, $"not an http:// or https:// URL; expected {expected}");
        }

        return this;
    }

    /// <summary>Throws every problem found, if any.</summary>
    /// <exception cref="BadInputException">A setting holds a value it cannot have.</exception>
    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new BadInputException(_problems, _problems.Count);
        }
    }

    private void Add(string key, string value, string message) => _problems.Add(new Diagnostic($"{sectionName}:{key}", null, null, value, message));
}
