using Microsoft.Extensions.Configuration;
using Sightline.Server.Realtime;

namespace Sightline.Tests.Server;

/// <summary>The server's settings (real time, login limits) are checked as written, before the server starts.</summary>
public sealed class ServerSettingsTests
{
    private static IConfigurationSection Section(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"{RealtimeOptions.Section}:{s.Key}", (string?)s.Value)))
            .Build().GetSection(RealtimeOptions.Section);

    [Fact]
    public void Check_ValuesASettingCannotHave_AreAllRefusedNamingSettingAndValue()
    {
        // Each was an internal error with a stack trace when the server started (a webhook that is no URL, a port
        // above 65535, seconds that are no number), or was taken without a word (a fold every -1 s never ran).
        var error = Assert.Throws<BadInputException>(() => RealtimeOptions.Check(Section(
            ("WebhookMaxPauseSeconds", "abc"), ("BaselineCheckSeconds", "0"), ("JournalFoldSeconds", "-1"), ("SiloPort", "99999"), ("GatewayPort", "-1"),
            ("PreloadAccounts", "lots"), ("Webhook", "hooks.example.com/sightline"))));

        Assert.Equal([
            "Sightline:Realtime:WebhookMaxPauseSeconds: value 'abc': expected a number of seconds above 0, such as 30",
            "Sightline:Realtime:BaselineCheckSeconds: value '0': expected a number of seconds above 0, such as 30",
            "Sightline:Realtime:JournalFoldSeconds: value '-1': expected a number of seconds above 0, such as 1",
            "Sightline:Realtime:SiloPort: value '99999': expected a port, 1 to 65535, or 0 for a free one",
            "Sightline:Realtime:GatewayPort: value '-1': expected a port, 1 to 65535, or 0 for a free one",
            "Sightline:Realtime:PreloadAccounts: value 'lots': expected a whole number of accounts, 0 or more (0 turns the preload off)",
            "Sightline:Realtime:Webhook: value 'hooks.example.com/sightline': not an http:// or https:// URL; expected where to post segment changes, such as https://hooks.example.com/sightline",
        ], error.Diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/x")]
    [InlineData("http://")]
    [InlineData("file:///tmp/changes")]
    public void Check_AWebhookThatIsNoHttpUrl_IsRefused(string webhook) =>
        Assert.EndsWith("not an http:// or https:// URL; expected where to post segment changes, such as https://hooks.example.com/sightline",
            Assert.Single(Assert.Throws<BadInputException>(() => RealtimeOptions.Check(Section(("Webhook", webhook)))).Diagnostics).ToString(), StringComparison.Ordinal);

    [Fact]
    public void Check_ValuesTheServerTakes_Pass_AndBindAsWritten()
    {
        var section = Section(("WebhookMaxPauseSeconds", "0.5"), ("BaselineCheckSeconds", "3600"), ("JournalFoldSeconds", "1e-1"), ("SiloPort", "0"), ("GatewayPort", "65535"),
            ("PreloadAccounts", "0"), ("Webhook", " https://hooks.example.com/sightline?key=1 "), ("Cluster", "Host=127.0.0.1"));

        RealtimeOptions.Check(section);

        var bound = section.Get<RealtimeOptions>()!;
        Assert.Equal((0.5, 3600.0, 0.1, 0, 65535, 0), (bound.WebhookMaxPauseSeconds, bound.BaselineCheckSeconds, bound.JournalFoldSeconds, bound.SiloPort, bound.GatewayPort, bound.PreloadAccounts));
    }

    [Fact]
    public void ServerBuild_WithAWebhookThatIsNoUrl_IsRefusedBeforeItStarts()
    {
        var error = Assert.Throws<BadInputException>(() => Sightline.Server.Program.Build([$"--{RealtimeOptions.Section}:Webhook=not a url"]));

        Assert.Equal("Sightline:Realtime:Webhook: value 'not a url': not an http:// or https:// URL; expected where to post segment changes, such as https://hooks.example.com/sightline",
            Assert.Single(error.Diagnostics).ToString());
    }

    [Fact]
    public void LoginLimits_ValuesTheyCannotHave_AreRefusedBeforeTheServerStarts()
    {
        // A limit that is no number made every sign-in a 500.
        var error = Assert.Throws<BadInputException>(() => Sightline.Server.Program.Build([
            $"--{Sightline.Server.LoginLimits.Section}:PerName=abc", $"--{Sightline.Server.LoginLimits.Section}:PerAddress=0",
            $"--{Sightline.Server.LoginLimits.Section}:WindowSeconds=60"]));

        Assert.Equal([
            "Sightline:Login:PerName: value 'abc': expected a whole number of attempts, 1 or more, such as 5",
            "Sightline:Login:PerAddress: value '0': expected a whole number of attempts, 1 or more, such as 30",
        ], error.Diagnostics.Select(d => d.ToString()));
    }
}
