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
