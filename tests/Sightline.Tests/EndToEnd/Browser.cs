using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Sightline.Tests.EndToEnd;

/// <summary>
/// One headless Chromium session (Debian's <c>chromium</c> driven through its <c>chromedriver</c>; the paths are set,
/// so Selenium Manager never looks for or downloads a browser) with the waits a Blazor server page needs, and
/// screenshots saved to <see cref="Artifacts"/>.
/// </summary>
public sealed class Browser : IDisposable
{
    /// <summary>How long to wait for a page or an element: generous, the test machine may be busy.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Blazor's event delegation stores an element's handlers in a property named _blazorEvents_<n> once the circuit
    // has rendered it; a prerendered element has none, and a click on it before then is lost.
    private const string WiredScript = """
        const el = document.querySelector(arguments[0]);
        if (!el) return false;
        const wired = e => !!e && Object.keys(e).some(k => k.startsWith('_blazorEvents_'));
        return wired(el) || wired(el.form);
        """;

    private readonly ChromeDriver _driver;
    private readonly Uri _baseUrl;

    private Browser(ChromeDriver driver, Uri baseUrl)
    {
        _driver = driver;
        _baseUrl = baseUrl;
    }

    /// <summary>The Chromium binary: <c>SIGHTLINE_CHROMIUM</c> or Debian's /usr/bin/chromium.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("SIGHTLINE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The driver: <c>SIGHTLINE_CHROMEDRIVER</c> or Debian's /usr/bin/chromedriver (package chromium-driver).</summary>
    public static string DriverPath => Environment.GetEnvironmentVariable("SIGHTLINE_CHROMEDRIVER") is { Length: > 0 } path ? path : "/usr/bin/chromedriver";

    /// <summary>The session's name, used in screenshot file names.</summary>
    public string Name { get; private set; } = "browser";

    /// <summary>The path and query of the page shown, e.g. /login?returnUrl=%2Flist.</summary>
    public string PathAndQuery => new Uri(_driver.Url).PathAndQuery;

    /// <summary>The driver itself, for what the helpers do not cover.</summary>
    public IWebDriver Driver => _driver;

    /// <summary>Starts a headless Chromium with a fixed window size.</summary>
    public static Browser Start(Uri baseUrl, string name)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        foreach (var (what, path) in new[] { ("chromium", ChromiumPath), ("chromedriver", DriverPath) })
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"The end-to-end tests need {what} at {path}: install the Debian packages chromium and chromium-driver (./test.sh does), "
                    + "or set SIGHTLINE_CHROMIUM and SIGHTLINE_CHROMEDRIVER.");
            }
        }

        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1440,1200",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--lang=en-US");
        // The driver path is set, so Selenium Manager is not run; if a later Selenium ran it anyway, it must stay offline.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        ChromeDriver driver;
        try
        {
            driver = new ChromeDriver(service, options, Patience);
        }
        catch
        {
            service.Dispose();
            throw;
        }

        driver.Manage().Timeouts().PageLoad = Patience;
        return new Browser(driver, baseUrl) { Name = name };
    }

    /// <summary>Opens a page of the site.</summary>
    public void Go(string path) => _driver.Navigate().GoToUrl(new Uri(_baseUrl, path.TrimStart('/')));

    /// <summary>Signs in through the form on /login (already open, or opened here) and waits to leave the page.</summary>
    public void SignIn(string name, string password, bool openLoginPage = true)
    {
        if (openLoginPage)
        {
            Go("/login");
        }

        Fill("#name", name);
        Fill("#password", password);
        Find("#sign-in").Click();
        Until(d => !new Uri(d.Url).AbsolutePath.Equals("/login", StringComparison.Ordinal) || d.FindElements(By.Id("login-error")).Count > 0,
            "the sign-in form to answer");
    }

    /// <summary>Forgets the session (cookies), as a new browser would.</summary>
    public void ForgetSession()
    {
        Go("/login");
        _driver.Manage().Cookies.DeleteAllCookies();
    }

    /// <summary>The element, once it is on the page and displayed.</summary>
    public IWebElement Find(string css) =>
        Until(d => d.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed), $"'{css}' to be displayed");

    /// <summary>Every element matching, once at least <paramref name="atLeast"/> are on the page.</summary>
    public IReadOnlyList<IWebElement> FindAll(string css, int atLeast = 1) =>
        Until(d => d.FindElements(By.CssSelector(css)) is { } all && all.Count >= atLeast ? all : null, $"{atLeast} x '{css}'");

    /// <summary>An attribute of every element matching, once at least <paramref name="atLeast"/> are on the page (read in one go, so a re-render cannot leave stale elements).</summary>
    public IReadOnlyList<string> Attributes(string css, string attribute, int atLeast = 1) =>
        Until(d => d.FindElements(By.CssSelector(css)).Select(e => e.GetAttribute(attribute) ?? "").ToList() is { } all && all.Count >= atLeast ? all : null,
            $"{atLeast} x '{css}'");

    /// <summary>The element once Blazor's circuit has wired its handlers (or its form's): only then does a click or change reach the server.</summary>
    public IWebElement Interactive(string css)
    {
        Until(d => ((IJavaScriptExecutor)d).ExecuteScript(WiredScript, css) is true ? true : (bool?)null, $"'{css}' to be interactive (Blazor circuit connected)");
        return Find(css);
    }

    /// <summary>Clicks an interactive element, finding it again if Blazor replaced it in between.</summary>
    public void Click(string css) => Retry(() => Interactive(css).Click());

    /// <summary>Types into an interactive text box or text area, replacing what it held; the change reaches the server on blur.</summary>
    public void Type(string css, string text) => Retry(() =>
    {
        var box = Interactive(css);
        box.Clear();
        box.SendKeys(text);
        box.SendKeys(Keys.Tab);
    });

    /// <summary>Picks an option of an interactive native select by its value.</summary>
    public void Select(string css, string value) => Retry(() =>
    {
        Interactive(css).FindElement(By.CssSelector($"option[value='{value}']")).Click();
        Until(d => d.FindElement(By.CssSelector(css)).GetDomProperty("value") == value ? true : (bool?)null, $"'{css}' to hold '{value}'");
    });

    /// <summary>The element's text, once it is displayed and not empty.</summary>
    public string TextOf(string css) =>
        Until(d => d.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed && !string.IsNullOrWhiteSpace(e.Text))?.Text, $"'{css}' to show text");

    /// <summary>Waits until the page's visible text contains the words.</summary>
    public void WaitForText(string text) =>
        Until(d => d.FindElement(By.TagName("body")).Text.Contains(text, StringComparison.Ordinal) ? true : (bool?)null, $"the page to say '{text}'");

    /// <summary>Waits until the browser shows this path (query ignored).</summary>
    public void WaitForPath(string path) =>
        Until(d => new Uri(d.Url).AbsolutePath.Equals(path, StringComparison.Ordinal) ? true : (bool?)null, $"the address to become {path} (it is {_driver.Url})");

    /// <summary>Waits for a condition: returns its first non-null answer, or fails saying what was awaited.</summary>
    public T Until<T>(Func<IWebDriver, T?> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var wait = new WebDriverWait(_driver, Patience) { PollingInterval = TimeSpan.FromMilliseconds(200), Message = $"waited {Patience.TotalSeconds:0} s for {what}" };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        // Selenium waits on object or bool answers only, so box the answer and unbox it once it came.
        return (T)wait.Until(d => (object?)condition(d))!;
    }

    /// <summary>Scrolls the element to the middle of the window, so the next screenshot shows it.</summary>
    public void ScrollTo(string css) => Retry(() =>
        ((IJavaScriptExecutor)_driver).ExecuteScript("arguments[0].scrollIntoView({block: 'center'});", Find(css)));

    /// <summary>Saves what the window shows as a PNG.</summary>
    public void SaveScreenshot(string file) => _driver.GetScreenshot().SaveAsFile(file);

    /// <summary>Saves the page's current HTML (after Blazor's changes), its address in a comment on the first line.</summary>
    public void SavePage(string file) => File.WriteAllText(file, $"<!-- {_driver.Url} -->\n{_driver.PageSource}");

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
    }

    private void Fill(string css, string text)
    {
        var box = Find(css);
        box.Clear();
        box.SendKeys(text);
    }

    private static void Retry(Action action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                action();
                return;
            }
            catch (StaleElementReferenceException) when (attempt < 5)
            {
                // Blazor re-rendered the element between finding and using it; find it again.
            }
        }
    }
}
