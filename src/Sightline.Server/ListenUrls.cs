using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Sightline.Server;

/// <summary>
/// Checks <c>--urls</c> before the server starts. Kestrel listens on every interface for any host it does not read as an
/// IP address or localhost (a mistyped 256.1.1.1 or a host name): so a host name is resolved here and its addresses are
/// bound one by one, and every interface is listened on only when asked with 0.0.0.0, [::], * or +.
/// </summary>
public static partial class ListenUrls
{
    /// <summary>The URLs to hand Kestrel, one per address: the given ones, with each host name replaced by its addresses.</summary>
    /// <param name="urls">Semicolon-separated URLs such as <c>http://127.0.0.1:5080;https://10.0.0.5:8443</c>.</param>
    /// <param name="source">The option that gave them, for messages.</param>
    /// <param name="resolve">Resolves a host name (the system's DNS by default).</param>
    /// <exception cref="BadInputException">A URL that is not scheme://host[:port], or a host that is not an IP address, localhost or a resolvable host name.</exception>
    public static IReadOnlyList<string> Resolve(string? urls, string source = "--urls", Func<string, IPAddress[]>? resolve = null)
    {
        var parts = (urls ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new BadInputException(new Diagnostic(source, null, null, urls ?? "", "expected at least one URL such as http://127.0.0.1:5080"));
        }

        return [.. parts.SelectMany(url => ResolveOne(url, source, resolve ?? Dns.GetHostAddresses)).Distinct(StringComparer.Ordinal)];
    }

    private static IEnumerable<string> ResolveOne(string url, string source, Func<string, IPAddress[]> resolve)
    {
        var match = UrlPattern().Match(url);
        if (!match.Success)
        {
            throw Bad(source, url, "not a URL to listen on; expected http:// or https://, a host and a port, such as http://127.0.0.1:5080 (nothing after the port)");
        }

        var scheme = match.Groups["scheme"].Value.ToLowerInvariant();
        var host = match.Groups["host"].Value;
        var port = scheme == "https" ? 443 : 80;
        if (match.Groups["port"].Success
            && !(int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535))
        {
            throw Bad(source, url, $"port {match.Groups["port"].Value} is not a port; expected 1 to 65535");
        }

        if (host is "*" or "+" || host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return [$"{scheme}://{host}:{port}"];
        }

        if (host.StartsWith('['))
        {
            return IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? [Url(scheme, v6, port)]
                : throw Bad(source, url, $"{host} is not an IPv6 address");
        }

        if (DottedNumbers().IsMatch(host))
        {
            // IPAddress.TryParse also takes "10.1" and octal forms: only four decimal numbers of 0 to 255 are an address here.
            var numbers = host.Split('.');
            return numbers.Length == 4 && numbers.All(n => n.Length <= 3 && int.Parse(n, CultureInfo.InvariantCulture) <= 255 && (n.Length == 1 || n[0] != '0'))
                ? [Url(scheme, IPAddress.Parse(host), port)]
                : throw Bad(source, url, $"{host} is not an IP address (four numbers of 0 to 255)");
        }

        if (Uri.CheckHostName(host) != UriHostNameType.Dns || host.Split('.')[^1].All(char.IsAsciiDigit))
        {
            throw Bad(source, url, $"{host} is not an IP address, localhost or a host name");
        }

        IPAddress[] addresses;
        try
        {
            addresses = resolve(host);
        }
        catch (SocketException e)
        {
            throw Bad(source, url, $"the host name {host} does not resolve ({e.Message}); give the IP address to listen on");
        }

        return addresses.Length > 0
            ? addresses.Select(a => Url(scheme, a, port))
            : throw Bad(source, url, $"the host name {host} resolves to no address; give the IP address to listen on");
    }

    private static string Url(string scheme, IPAddress address, int port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"{scheme}://[{address}]:{port}" : $"{scheme}://{address}:{port}";

    private static BadInputException Bad(string source, string url, string message) => new(new Diagnostic(source, null, null, url, message));

    [GeneratedRegex(@"^(?<scheme>[hH][tT][tT][pP][sS]?)://(?<host>\[[^\]]*\]|[^:/\[\]?#@]+)(?::(?<port>[0-9]+))?/?$")]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)*$")]
    private static partial Regex DottedNumbers();
}
