namespace Sightline.Tests.EndToEnd;

/// <summary>One headless Chromium per test class, started on first use and quit when the class is done.</summary>
public sealed class ChromiumFixture : IDisposable
{
    private Browser? _browser;

    /// <summary>The class's browser, on the given server.</summary>
    public Browser For(Uri baseUrl, string name) => _browser ??= Browser.Start(baseUrl, name);

    public void Dispose() => _browser?.Dispose();
}
