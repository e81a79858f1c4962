using System.Globalization;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace Sightline.Tests.EndToEnd;

/// <summary>
/// One browser test's steps: numbered screenshots of every browser it uses (printed in the test output), and on
/// failure a last screenshot and the HTML of each, so a red run shows what the user would have seen.
/// </summary>
public sealed class Scenario(string test, ITestOutputHelper output)
{
    private readonly List<Browser> _browsers = [];
    private readonly List<Browser> _owned = [];
    private int _shots;

    /// <summary>Takes part in the scenario: its screenshots are numbered with the others and it is captured on failure.</summary>
    public Browser Use(Browser browser)
    {
        ArgumentNullException.ThrowIfNull(browser);
        _browsers.Add(browser);
        return browser;
    }

    /// <summary>Starts a browser of the scenario's own (a fresh session: no cookies), quit when the scenario ends.</summary>
    public Browser Open(Uri baseUrl, string name)
    {
        var browser = Use(Browser.Start(baseUrl, name));
        _owned.Add(browser);
        return browser;
    }

    /// <summary>Saves a screenshot of the browser after a step, e.g. 03-rep-outcome-recorded.png.</summary>
    public string Shot(Browser browser, string step)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var file = File(browser, step, ".png");
        browser.SaveScreenshot(file);
        output.WriteLine($"screenshot: {file}");
        return file;
    }

    /// <summary>Runs the steps; when one fails, captures every browser and rethrows. Quits the browsers it opened.</summary>
    public void Run(Action steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        try
        {
            steps();
        }
        catch (Exception)
        {
            foreach (var browser in _browsers)
            {
                CaptureFailure(browser);
            }

            throw;
        }
        finally
        {
            foreach (var browser in _owned)
            {
                browser.Dispose();
            }
        }
    }

    private void CaptureFailure(Browser browser)
    {
        try
        {
            var shot = Shot(browser, "failed");
            var page = Path.ChangeExtension(shot, ".html");
            browser.SavePage(page);
            output.WriteLine($"page at failure: {page}");
        }
        catch (Exception e) when (e is WebDriverException or ObjectDisposedException or IOException)
        {
            // The browser itself may be what failed; the original error matters more than this one.
            output.WriteLine($"no failure capture for {browser.Name}: {e.Message}");
        }
    }

    private string File(Browser browser, string step, string extension) => Path.Combine(Artifacts.Folder,
        string.Create(CultureInfo.InvariantCulture, $"{Artifacts.Safe(test)}-{++_shots:00}-{Artifacts.Safe(browser.Name)}-{Artifacts.Safe(step)}{extension}"));
}
