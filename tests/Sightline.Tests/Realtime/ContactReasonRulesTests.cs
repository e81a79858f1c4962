using Sightline.Realtime;

namespace Sightline.Tests.Realtime;

public sealed class ContactReasonRulesTests
{
    [Fact]
    public void Predict_Baseline_FollowsItsRulesInOrder()
    {
        var held = new ContactReasonInput { Channel = "call", FamiliesHeld = ["Core"], DaysToRenewal = 200 };
        Assert.Equal(ContactReasons.Upgrade, ContactReasonRules.Predict(held));
        Assert.Equal(ContactReasons.Renewal, ContactReasonRules.Predict(held with { DaysToRenewal = 45 }));
        Assert.Equal(ContactReasons.NewPurchase, ContactReasonRules.Predict(held with { FamiliesAskedAbout = ["Analytics"] }));
        Assert.Equal(ContactReasons.NewPurchase, ContactReasonRules.Predict(held with { FamiliesHeld = [] }));
        Assert.Equal(ContactReasons.Support, ContactReasonRules.Predict(held with { OpenTickets = 1, DaysToRenewal = 3 }));
        Assert.Equal(ContactReasons.Support, ContactReasonRules.Predict(held with { Channel = "chat", Kind = "support_chat" }));
    }

    [Fact]
    public void ReasonScores_HandCounted()
    {
        // truth:     s s r u    predicted: s r r s
        var scores = ContactReasonScores.Of(["support", "support", "renewal", "upgrade"], ["support", "renewal", "renewal", "support"]);
        Assert.Equal(0.5, scores.Accuracy);

        // F1 support 2*1/(2+2) = 0.5, renewal 2*1/(1+2) = 2/3, upgrade 0: mean 0.3889.
        Assert.Equal((0.5 + (2.0 / 3) + 0) / 3, scores.MacroF1, 12);
        Assert.Equal(0.5, scores.RecallByReason["support"]);
        Assert.Equal(0.0, scores.RecallByReason["upgrade"]);
    }
}
