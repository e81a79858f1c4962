using Sightline.Realtime;

namespace Sightline.Tests.Realtime;

/// <summary>
/// An account's evaluation row holds only the overlaid columns and reads the rest from the batch row under it; it must
/// read exactly as the full copy of the batch row with the same overlay.
/// </summary>
public sealed class LiveEvaluationRowTests
{
    private static readonly DateOnly On = new(2026, 9, 30);

    private static LiveBaselineRow Batch()
    {
        var batch = new LiveBaselineRow();
        batch.Numbers["revenue_365d"] = 1200.5;
        batch.Numbers["touches_call_90d"] = 7;                 // overlaid: the live buckets say 2
        batch.Numbers["days_since_last_touch"] = 3;            // overlaid and cleared: no live touch at all
        batch.Numbers["days_since_last_order"] = 40;           // overlaid: recounted from last_order_date
        batch.Flags["has_decision_maker"] = true;
        batch.Texts["size_band"] = "mid";
        batch.Dates["last_order_date"] = On.AddDays(-10);
        batch.Dates["last_touch_date"] = On.AddDays(-1);       // overlaid and cleared
        batch.Lists["product_families"] = ["Analytics"];
        batch.Lists["products_asked_about"] = ["Stale"];       // overlaid: the live state asks about nothing
        return batch;
    }

    private static LiveFeatures Live()
    {
        var live = new LiveFeatures();
        live.AddBucket(On.DayNumber - 5, "call", total: 2, inbound: 1, outbound: 1);
        return live;
    }

    [Fact]
    public void Layered_ReadsAsTheFullCopy_ForEveryColumnAndAsARuleRow()
    {
        var batch = Batch();
        var copy = LiveFeaturesOverlay.Apply(batch, Live(), On);
        var layered = LiveFeaturesOverlay.Apply(batch, Live(), On, readOnly: true);

        string[] columns = [.. copy.ToRuleRow([]).Keys, .. batch.ToRuleRow([]).Keys, "no_such_column"];
        foreach (var column in columns.Distinct(StringComparer.Ordinal))
        {
            Assert.Equal(copy.TryNumber(column, out var a) ? a : null as double?, layered.TryNumber(column, out var b) ? b : null as double?);
            Assert.Equal(copy.Date(column), layered.Date(column));
            Assert.Equal(copy.TryList(column, out var x) ? x : null, layered.TryList(column, out var y) ? y : null);
        }

        Assert.Equal(copy.ToRuleRow(["extra"]).OrderBy(e => e.Key, StringComparer.Ordinal), layered.ToRuleRow(["extra"]).OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Layered_OverlaidValuesWin_ClearedOnesStayClearedAndTheBatchRowIsUntouched()
    {
        var batch = Batch();
        var layered = LiveFeaturesOverlay.Apply(batch, Live(), On, readOnly: true);

        Assert.True(layered.TryNumber("touches_call_90d", out var calls));
        Assert.Equal(2, calls);
        Assert.False(layered.TryNumber("days_since_last_touch", out _)); // not the batch's 3
        Assert.Null(layered.Date("last_touch_date"));
        Assert.True(layered.TryNumber("days_since_last_order", out var sinceOrder));
        Assert.Equal(10, sinceOrder);
        Assert.True(layered.TryNumber("revenue_365d", out var revenue));
        Assert.Equal(1200.5, revenue);
        Assert.True(layered.TryList("products_asked_about", out var asked));
        Assert.Empty(asked);
        Assert.Equal(1.0, LiveScorerModel.NumberOf("has_decision_maker", layered));

        // The evaluation row keeps only what it overlays; the batch row keeps its own values.
        Assert.DoesNotContain("revenue_365d", layered.Numbers.Keys);
        Assert.Equal(7, batch.Numbers["touches_call_90d"]);
        Assert.Equal(["Stale"], batch.Lists["products_asked_about"]);

        // Its numbers are the overlay's slots: a number it does not overlay is refused, not kept in a table of its own.
        var refused = Assert.Throws<InvalidOperationException>(() => layered.SetNumber("revenue_365d", 1));
        Assert.Contains("'revenue_365d' is not one an evaluation row overlays", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layered_RuleRowOfTheLiveAccount_ReadsBatchAndLiveColumns()
    {
        var batch = Batch();
        var layered = LiveFeaturesOverlay.Apply(batch, Live(), On, readOnly: true);
        var rules = layered.ToRuleRow(["open_tickets", "unknown_column"]);

        Assert.Equal(1200.5, rules["revenue_365d"]);
        Assert.Equal(2.0, rules["touches_call_90d"]);
        Assert.Equal("mid", rules["size_band"]);
        Assert.Equal(true, rules["has_decision_maker"]);
        Assert.False(rules.ContainsKey("days_since_last_touch")); // cleared by the overlay: not the batch's 3
        Assert.Null(rules["unknown_column"]);
        Assert.Equal(0.0, rules["open_tickets"]);
    }
}
