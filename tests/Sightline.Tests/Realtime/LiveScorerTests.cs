using Sightline.Features;
using Sightline.Models;
using Sightline.Realtime;
using Sightline.Tests.Models;
using Sightline.Workspaces;

namespace Sightline.Tests.Realtime;

/// <summary>Re-scoring in process against what the batch stored, on the 3,000-account demo.</summary>
[Collection(ScoredDemoCollection.Name)]
public sealed class LiveScorerTests(ScoredDemoFixture demo)
{
    [Fact]
    public void Score_SameFeaturesAsBatch_EqualsTheStoredBatchScoreForEveryAccountAndModel()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var baseline = LiveBaseline.Load(ws);
        var context = baseline.Context;
        Assert.Contains(context.Scorer.Models, m => m.Kind == LookalikeScoring.Kind);
        Assert.Contains(context.Scorer.Models, m => m.Kind == WindowPropensity.WindowKind);
        Assert.Contains(context.Scorer.Models, m => m.Kind == WindowPropensity.ProductKind);
        Assert.Equal(3_000, baseline.Accounts.Count);

        // The default lookalike model reads the profile only: no touch moves it, so its batch (out-of-fold) score is carried.
        // The window and cross-sell models read touches and recency: they are re-scored in process.
        Assert.All(context.Scorer.Models, m => Assert.Equal(m.Kind != LookalikeScoring.Kind, m.ReadsLiveFeatures));

        var rescored = 0;
        var worst = 0.0;
        foreach (var account in baseline.Accounts.Values)
        {
            var live = LiveAccount.FromBaseline(account, context);

            // The same models apply (cross-sell only to accounts not holding the family) and give the same probability.
            Assert.Equal(account.BatchScores.Keys.Order(StringComparer.Ordinal), live.Scores.Select(s => s.Key).Order(StringComparer.Ordinal));
            foreach (var score in live.Scores)
            {
                Assert.Equal(score.Kind == LookalikeScoring.Kind, score.FromBatch);
                worst = Math.Max(worst, Math.Abs(score.Probability - account.BatchScores[score.Key]));
                rescored += score.FromBatch ? 0 : 1;
            }
        }

        Assert.True(rescored > 3_000 * 2, $"only {rescored} scores re-scored in process");
        Assert.True(worst <= 1e-9, $"largest difference from the batch score: {worst:E3}");
    }

    [Fact]
    public void ScoreWithContributions_EveryAccountAndModel_GivesTheScoreToTheLastBitAndTheSameContributions()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var baseline = LiveBaseline.Load(ws);
        var compared = 0;
        foreach (var account in baseline.Accounts.Values)
        {
            var live = LiveAccount.FromBaseline(account, baseline.Context);
            var row = live.CurrentRow();
            foreach (var model in baseline.Context.Scorer.Models)
            {
                var (encoded, _) = model.Encode(account.AccountId, row);
                var expected = new double[encoded.Length];
                model.Model.Trees.Contributions(encoded, expected);
                var contributions = new double[encoded.Length];
                var score = model.Model.Trees.ScoreWithContributions(encoded, contributions);
                Assert.Equal(BitConverter.DoubleToInt64Bits(model.Model.Trees.Score(encoded)), BitConverter.DoubleToInt64Bits(score));
                Assert.Equal(expected, contributions);
                compared++;
            }

            // Reasons put into words when read (all but the headline model) equal those explained at once.
            Assert.Equal(
                System.Text.Json.JsonSerializer.Serialize(baseline.Context.Scorer.Score(account.AccountId, row, live.Carried)),
                System.Text.Json.JsonSerializer.Serialize(live.Scores));
        }

        Assert.True(compared > 3_000 * 3, $"only {compared} rows compared");
    }

    [Fact]
    public void Explain_EveryAccountAndModel_EqualsEveryInputWordedAndSortedIncludingTies()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var baseline = LiveBaseline.Load(ws);
        var compared = 0;
        foreach (var account in baseline.Accounts.Values)
        {
            var row = LiveAccount.FromBaseline(account, baseline.Context).CurrentRow();
            foreach (var model in baseline.Context.Scorer.Models)
            {
                var (encoded, data) = model.Encode(account.AccountId, row);
                for (var slot = 0; slot < encoded.Length; slot++)
                {
                    Assert.Equal(ReasonWriter.Describe(model.Model.Encoder.Inputs[slot], data.Columns[slot], 0), model.Describe(slot, row));
                }

                var contributions = new double[encoded.Length];
                model.Model.Trees.Contributions(encoded, contributions);

                // Rounded contributions tie often, and ties must keep input order as the batch's stable sort does.
                foreach (var c in new[] { contributions, contributions.Select(x => Math.Round(x, 1)).ToArray(), contributions.Select(x => (double)Math.Sign(x)).ToArray() })
                {
                    Assert.Equal(EveryInputWorded(model.Model.Encoder, data, 0, c, LiveScorer.ReasonsPerSide), LiveScorer.Explain(model, row, c));
                    var batch = new ReasonWriter(model.Model.Encoder, data);
                    foreach (var perSide in new[] { 1, LiveScorer.ReasonsPerSide, 5 })
                    {
                        Assert.Equal(EveryInputWorded(model.Model.Encoder, data, 0, c, perSide), batch.Explain(0, c, perSide));
                    }

                    compared++;
                }
            }
        }

        Assert.True(compared > 3_000 * 3, $"only {compared} rows compared");
    }

    [Fact]
    public void Score_SameFeaturesAsBatch_GivesTheBatchReasonsAndExpectedAmount()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var baseline = LiveBaseline.Load(ws);
        var stored = new Dictionary<(string, string), (string Raising, string Lowering, double? Expected)>();
        using (var command = ws.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT account_id, kind, coalesce(raising, ''), coalesce(lowering, ''), expected_amount FROM account_scores WHERE product_family IS NULL AND run_id IN ('{baseline.Stamp.LookalikeRunId}', '{baseline.Stamp.PropensityRunId}')";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                stored[(reader.GetString(0), reader.GetString(1))] = (reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetDouble(4));
            }
        }

        Assert.Equal(6_000, stored.Count);
        foreach (var account in baseline.Accounts.Values)
        {
            var live = LiveAccount.FromBaseline(account, baseline.Context);
            foreach (var score in live.Scores.Where(s => s.ProductFamily is null))
            {
                var batch = stored[(account.AccountId, score.Kind)];
                Assert.Equal(string.Join("; ", new[] { batch.Raising, batch.Lowering }.Where(t => t.Length > 0)), score.Why);
                if (score.FromBatch)
                {
                    continue;
                }

                Assert.Equal(batch.Raising, string.Join("; ", score.Reasons.Where(r => r.Raises)));
                Assert.Equal(batch.Lowering, string.Join("; ", score.Reasons.Where(r => !r.Raises)));
                if (score.Kind == WindowPropensity.WindowKind)
                {
                    Assert.Equal(batch.Expected!.Value, score.ExpectedAmount!.Value, 1e-6);
                }
            }
        }
    }

    /// <summary>
    /// The model's own answer for the changed row comes from the batch path: the feature table with the touched columns
    /// raised in SQL, scored by <see cref="PropensityModel.Score"/>. The live state must move the same way, to the same value.
    /// </summary>
    [Fact]
    public void Apply_InboundTouch_MovesThePropensityTheWayTheModelScoresTheChangedRow()
    {
        using var ws = Workspace.Open(demo.Workspace);
        var baseline = LiveBaseline.Load(ws);
        var context = baseline.Context;
        var window = context.Scorer.Models.Single(m => m.Key == WindowPropensity.WindowKind);
        Assert.Equal(WindowPropensity.WindowKind, context.Scorer.HeadlineKey);
        var asOf = baseline.Stamp.AsOf;

        var checkedChannels = 0;
        foreach (var channel in new[] { "web", "support", "call", "email", "chat", "meeting", "event", "social" })
        {
            var inputs = window.Model.Encoder.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
            if (!inputs.Overlaps([$"touches_{channel}_90d", $"touches_{channel}_365d", "inbound_touches_90d", channel == "support" ? "support_load_365d" : ""]))
            {
                continue;
            }

            var raised = $"""
                (SELECT * REPLACE (touches_{channel}_90d + 1 AS touches_{channel}_90d, touches_{channel}_365d + 1 AS touches_{channel}_365d,
                    inbound_touches_90d + 1 AS inbound_touches_90d{(channel == "support" ? ", support_load_365d + 1 AS support_load_365d" : "")})
                 FROM {FeatureBuilder.Table})
                """;
            var columns = TabularData.Describe(ws.Connection, raised).Where(c => inputs.Contains(c.Name)).ToList();
            var data = TabularData.Read(ws.Connection, raised, "account_id", columns);
            var expected = window.Model.Score(data, "raised");

            var moved = 0;
            for (var r = 0; r < data.Rows; r++)
            {
                var account = LiveAccount.FromBaseline(baseline.Accounts[data.Ids[r]], context);
                var change = account.Apply(new TouchpointEvent($"E{r}", data.Ids[r], new DateTimeOffset(asOf.ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero),
                    channel, "test", "in"), context);

                Assert.Equal(expected[r], change.PropensityNow!.Value, 1e-9);

                // The account drops the words once the answer has them; read again, they are made again from its row, the same.
                Assert.Equal(change.Reasons, account.Propensity(context)!.Reasons.Select(reason => reason.ToString()));
                Assert.Equal(Math.Sign(expected[r] - baseline.Accounts[data.Ids[r]].BatchScores[WindowPropensity.WindowKind]),
                    Math.Sign(change.PropensityNow!.Value - change.PropensityBefore!.Value));
                if (change.PropensityNow != change.PropensityBefore)
                {
                    moved++;
                    Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"window propensity {change.PropensityNow * 100:0.0}% (was {change.PropensityBefore * 100:0.0}%)"), change.Summary, StringComparison.Ordinal);
                }
            }

            Assert.True(moved > 0, $"a {channel} touch moved no account's propensity; the model reads {string.Join(", ", inputs.Where(i => i.Contains(channel, StringComparison.Ordinal)))}");
            checkedChannels++;
            break;
        }

        Assert.Equal(1, checkedChannels);
    }

    /// <summary>The reasons by their definition: every input with a contribution worded, sorted stably, the strongest kept.</summary>
    private static Reason[] EveryInputWorded(FeatureEncoder encoder, TabularData data, int row, double[] contributions, int perSide)
    {
        var perInput = encoder.Inputs.Select((input, slot) => (input, slot))
            .Where(x => Math.Abs(contributions[x.slot]) > ReasonWriter.Negligible)
            .Select(x => new Reason(x.input.Name, ReasonWriter.Describe(x.input, data.Columns.First(c => c.Name == x.input.Name), row), contributions[x.slot]))
            .ToList();
        return [.. perInput.Where(r => r.Contribution > 0).OrderByDescending(r => r.Contribution).Take(perSide),
            .. perInput.Where(r => r.Contribution < 0).OrderBy(r => r.Contribution).Take(perSide)];
    }
}
