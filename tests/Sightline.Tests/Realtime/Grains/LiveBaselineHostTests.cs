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
        using var host = new LiveBaselineHost(reference.Duplicate(), Options.Create(new RealtimeOptions()), NullLogger<LiveBaselineHost>.Instance);
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
    }
}
