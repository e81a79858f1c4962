using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sightline.Realtime;
using Sightline.Server.Realtime;
using Sightline.Tests.Models;
using Sightline.Workspaces;

namespace Sightline.Tests.Realtime.Grains;

/// <summary>Grains that activate together get their baselines from one statement, equal to loading each alone.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class LiveBaselineHostTests(ScoredDemoFixture demo)
{
    [Fact]
    public async Task Account_ManyActivationsAtOnce_AreLoadedTogetherAndEqualEachAccountLoadedAlone()
    {
        using var reference = Workspace.Open(demo.Workspace);
        var ids = reference.Strings("SELECT account_id FROM account_features ORDER BY hash(account_id) LIMIT 60");
        using var host = new LiveBaselineHost(reference.Duplicate(), Options.Create(new RealtimeOptions { PreloadAccounts = 0 }), NullLogger<LiveBaselineHost>.Instance);
        var context = await host.Current();

        var loaded = await Task.WhenAll(ids.Append("no-such-account").Select(id => host.Account(context, id)));

        Assert.Null(loaded[^1]);
        for (var i = 0; i < ids.Count; i++)
        {
            var alone = LiveBaseline.LoadAccounts(reference, context.Account, [ids[i]])[ids[i]];
            Assert.Equal(JsonSerializer.Serialize(alone), JsonSerializer.Serialize(loaded[i]));
            Assert.Equal(ids[i], loaded[i]!.AccountId);
        }

        // 61 activations asked at once; the first statement takes whoever had asked, the next the rest.
        Assert.InRange(host.AccountStatements, 1, 10);
        Assert.Equal("off (PreloadAccounts is 0): baselines are read as grains activate", host.PreloadState);
    }

    [Fact]
    public async Task Account_AfterThePreload_IsServedFromMemory_EqualToEachAccountLoadedAlone()
    {
        using var reference = Workspace.Open(demo.Workspace);
        var ids = reference.Strings("SELECT account_id FROM account_features ORDER BY hash(account_id) LIMIT 40");
        var accounts = Convert.ToInt32(reference.Scalar("SELECT count(*) FROM account_features"), System.Globalization.CultureInfo.InvariantCulture);
        using var host = new LiveBaselineHost(reference.Duplicate(), Options.Create(new RealtimeOptions { PreloadAccounts = accounts }), NullLogger<LiveBaselineHost>.Instance);
        var context = await host.Current();
        await host.Preloading.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(accounts, host.Preloaded);
        Assert.StartsWith(FormattableString.Invariant($"done: {accounts:N0} accounts of the batch of {context.Stamp.AsOf:yyyy-MM-dd} in "), host.PreloadState, StringComparison.Ordinal);
        Assert.Equal(context.Stamp, host.LoadedStamp);

        var loaded = await Task.WhenAll(ids.Append("no-such-account").Select(id => host.Account(context, id)));

        Assert.Null(loaded[^1]);
        for (var i = 0; i < ids.Count; i++)
        {
            var alone = LiveBaseline.LoadAccounts(reference, context.Account, [ids[i]])[ids[i]];
            Assert.Equal(JsonSerializer.Serialize(alone), JsonSerializer.Serialize(loaded[i]));
        }

        Assert.Equal(0, host.AccountStatements);
    }

    [Fact]
    public async Task Preload_MoreAccountsThanTheLimit_IsSkipped_AndActivationsReadOnDemand()
    {
        using var reference = Workspace.Open(demo.Workspace);
        var id = reference.Strings("SELECT account_id FROM account_features ORDER BY account_id LIMIT 1")[0];
        using var host = new LiveBaselineHost(reference.Duplicate(), Options.Create(new RealtimeOptions { PreloadAccounts = 10 }), NullLogger<LiveBaselineHost>.Instance);
        var context = await host.Current();
        await host.Preloading.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, host.Preloaded);
        var accounts = Convert.ToInt32(reference.Scalar("SELECT count(*) FROM account_features"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(FormattableString.Invariant($"skipped: {accounts:N0} accounts, more than PreloadAccounts (10); baselines are read as grains activate"), host.PreloadState);
        Assert.Equal(id, (await host.Account(context, id))!.AccountId);
        Assert.Equal(1, host.AccountStatements);
    }
}
