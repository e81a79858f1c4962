using Sightline.Realtime;
using Sightline.Tests.Models;
using Sightline.Tests.Support;
using Sightline.Workspaces;
using Xunit.Abstractions;

namespace Sightline.Tests.Realtime;

/// <summary>The reason model on the 3,000-account demo: trained before a time split, scored after it, stored and reloaded.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class ContactReasonModelTests : IDisposable
{
    private readonly TempDirectory _copy = new();
    private readonly Workspace _workspace;

    private readonly ITestOutputHelper _output;

    public ContactReasonModelTests(ScoredDemoFixture demo, ITestOutputHelper output)
    {
        _output = output;
        // A private copy: the model is written to the models table, which other tests of the demo read.
        var target = _copy.File("ws");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(demo.Workspace))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        _workspace = Workspace.Open(target);

        // The demo trains a reason model of its own; these tests start from a workspace without one.
        _workspace.Execute($"DELETE FROM models WHERE kind = '{ContactReasonTrainer.Kind}'");
    }

    [Fact]
    public void Train_DemoTimeSplit_BeatsMajorityAndRulesOutOfSample()
    {
        var result = ContactReasonTrainer.Train(_workspace, clock: FixedClock.Default);
        var m = result.Metrics;
        _output.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { result.Labels, result.Unlabelled, m }));

        Assert.True(m.TrainRows > 1000, $"{m.TrainRows} training touches");
        Assert.True(m.Model.Rows > 500, $"{m.Model.Rows} test touches");
        Assert.True(m.Model.Accuracy > m.Majority.Accuracy + 0.15, $"accuracy {m.Model.Accuracy:0.000} against majority {m.Majority.Accuracy:0.000}");
        Assert.True(m.Model.MacroF1 > m.Majority.MacroF1 + 0.3, $"macro-F1 {m.Model.MacroF1:0.000} against majority {m.Majority.MacroF1:0.000}");
        Assert.True(m.Model.MacroF1 > m.Rules.MacroF1, $"macro-F1 {m.Model.MacroF1:0.000} against rules {m.Rules.MacroF1:0.000}");
        Assert.All(ContactReasons.All, r => Assert.True(result.Labels.GetValueOrDefault(r) > 0, $"no {r} labels"));

        // Early stopping keeps fewer than the 100 trees the boosting allows for the reasons where more only fit noise.
        var trees = ContactReasonTrainer.TreesPerReason(result.Model);
        Assert.All(trees.Values, t => Assert.InRange(t, 1, 100));
        Assert.True(trees.Values.Sum() < 300, $"trees per reason {string.Join(", ", trees)}");
        var stored = _workspace.Strings($"SELECT parameters FROM models WHERE model_id = '{result.ModelId}'").Single();
        Assert.Contains($"\"renewal\":{trees[ContactReasons.Renewal]}", stored, StringComparison.Ordinal);

        // Stored, reloaded, and predicting in process the same as the trained model.
        var (id, loaded) = ContactReasonTrainer.Load(_workspace);
        Assert.Equal(result.ModelId, id);
        var examples = ContactReasonData.Examples(_workspace).Take(200).ToList();
        foreach (var e in examples)
        {
            var before = result.Model.Predict(e.Input);
            var after = loaded.Predict(e.Input);
            Assert.Equal(before.Reason, after.Reason);
            Assert.Equal(before.Probability, after.Probability, 12);
            Assert.Equal(1.0, after.Probabilities.Sum(), 9);
            Assert.Equal(before.Evidence, after.Evidence);
        }

        var support = examples.First(e => e.Input.Channel == "support");
        var prediction = loaded.Predict(support.Input);
        Assert.Equal(ContactReasons.Support, prediction.Reason);
        Assert.Contains("contacting on support", prediction.Evidence);
        Assert.StartsWith("probably support (", prediction.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void NextBestActionBaselines_Demo_WhiteSpaceAndRepListsForEveryListedAccount()
    {
        var baselines = NextBestActionData.Baselines(_workspace);
        var listed = Convert.ToInt64(_workspace.Scalar("SELECT count(DISTINCT account_id) FROM rep_lists"), System.Globalization.CultureInfo.InvariantCulture);
        var withSpace = Convert.ToInt64(_workspace.Scalar("SELECT count(DISTINCT account_id) FROM account_family_potential WHERE white_space > 0"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(listed > 0 && withSpace > 0, $"{listed} listed, {withSpace} with white space");
        Assert.Equal(listed, baselines.Values.Count(b => b.RepList is not null));
        Assert.Equal(withSpace, baselines.Values.Count(b => b.WhiteSpace.Count > 0));
        Assert.All(baselines.Values, b => Assert.Equal(b.WhiteSpace.OrderByDescending(w => w.Amount).Select(w => w.Amount), b.WhiteSpace.Select(w => w.Amount)));

        // One contact end to end on a listed cross-sell account: its state, the rules' reason, the route and the action.
        var (id, baseline) = baselines.First(p => p.Value.RepList is { Action: "cross_sell", ProductFamily: not null });
        var state = ContactReasonData.Baselines(_workspace, new DateOnly(2026, 9, 30))[id] with { Channel = "call" };
        var action = NextBestActions.Choose(new NextBestActionInput
        {
            Reason = ContactReasons.NewPurchase,
            FamiliesHeld = state.FamiliesHeld,
            WhiteSpace = baseline.WhiteSpace,
            RepList = baseline.RepList,
        });
        Assert.Equal("offer_new", action.Action);
        Assert.Equal(baseline.RepList!.ProductFamily, action.ProductFamily);
        Assert.Contains("the rep list's pick", action.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoModelYet_SaysHowToGetOne()
    {
        var e = Assert.Throws<BadInputException>(() => ContactReasonTrainer.Load(_workspace));
        Assert.Contains("no reason-for-contact model yet", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _workspace.Dispose();
        _copy.Dispose();
    }
}
