using Sightline.Realtime;

namespace Sightline.Tests.Realtime;

public sealed class NextBestActionTests
{
    private static readonly FamilyWhiteSpace[] WhiteSpace =
    [
        new("Core Platform", 4_000),
        new("Analytics", 12_500),
        new("Security", 8_000),
    ];

    private static NextBestActionInput Input(string? reason) => new()
    {
        Reason = reason,
        ReasonEvidence = ["2 open support tickets"],
        Segment = "mid-growth",
        Band = "4–30%",
        FamiliesHeld = ["Core Platform"],
        RenewalFamily = "Core Platform",
        DaysToRenewal = 40,
        WhiteSpace = WhiteSpace,
    };

    [Fact]
    public void Choose_SupportWithTickets_ResolveFirstThenRenewal()
    {
        var action = NextBestActions.Choose(Input(ContactReasons.Support) with { OpenTickets = ["EV0000123", "EV0000456"] });
        Assert.Equal("resolve_ticket", action.Action);
        Assert.Equal("resolve ticket EV0000123 (and 1 more open) first, then confirm renewal of Core Platform due in 40 days", action.Text);
        Assert.Equal("predicted support (2 open support tickets); 2 tickets are open; Core Platform renews within 60 days; segment mid-growth, propensity band 4–30%", action.Reason);
        Assert.Equal("Core Platform", action.ProductFamily);
    }

    [Fact]
    public void Choose_SupportNoTicketRenewalFar_RepListFollowOn()
    {
        var input = Input(ContactReasons.Support) with
        {
            DaysToRenewal = 200,
            RepList = new RepListAction("cross_sell", "Security", "Security via inside: complete the platform", "peers like it buy Security"),
        };
        var action = NextBestActions.Choose(input);
        Assert.Equal("answer_support", action.Action);
        Assert.Equal("answer the support question, then Security via inside: complete the platform", action.Text);
        Assert.Contains("the rep list says: peers like it buy Security", action.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_Renewal_ConfirmAndMentionLargestNewWhiteSpace()
    {
        var action = NextBestActions.Choose(Input(ContactReasons.Renewal) with { ReasonEvidence = ["Core Platform anniversary in 40 days"] });
        Assert.Equal("confirm_renewal", action.Action);
        Assert.Equal("confirm renewal of Core Platform due in 40 days, and mention Analytics (white space 12,500 USD)", action.Text);
        Assert.Equal("predicted renewal (Core Platform anniversary in 40 days); Core Platform's yearly anniversary is in 40 days; "
            + "Analytics is its largest white space among families it does not hold; segment mid-growth, propensity band 4–30%", action.Reason);
    }

    [Fact]
    public void Choose_NewPurchase_OffersLargestWhiteSpaceNotHeld()
    {
        var action = NextBestActions.Choose(Input(ContactReasons.NewPurchase) with { ReasonEvidence = [] });
        Assert.Equal("offer_new", action.Action);
        Assert.Equal("offer Analytics (white space 12,500 USD)", action.Text);
        Assert.Equal("predicted new purchase; Analytics is its largest white space among families it does not hold; segment mid-growth, propensity band 4–30%", action.Reason);
        Assert.Equal("Analytics", action.ProductFamily);
    }

    [Fact]
    public void Choose_NewPurchaseWithRepListPick_FollowsTheList()
    {
        var input = Input(ContactReasons.NewPurchase) with { RepList = new RepListAction("cross_sell", "Security", "Security via field", "peers buy it") };
        var action = NextBestActions.Choose(input);
        Assert.Equal("offer Security (white space 8,000 USD)", action.Text);
        Assert.Contains("Security is the rep list's pick", action.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_Upgrade_LargerPackageOfHeldFamily()
    {
        var action = NextBestActions.Choose(Input(ContactReasons.Upgrade));
        Assert.Equal("propose_upgrade", action.Action);
        Assert.Equal("propose a larger Core Platform package (white space 4,000 USD)", action.Text);
        Assert.Contains("Core Platform is its largest white space among families it holds", action.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_UpgradeWithoutWhiteSpace_Qualifies()
    {
        var action = NextBestActions.Choose(Input(ContactReasons.Upgrade) with { WhiteSpace = [] });
        Assert.Equal("qualify", action.Action);
        Assert.Contains("no white space is known in a family it holds", action.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_NoReason_RepListOrQualify()
    {
        var list = new RepListAction("at_risk", null, "service review via inside", "no order for 2x its usual gap");
        var withList = NextBestActions.Choose(Input(null) with { RepList = list });
        Assert.Equal("rep_list", withList.Action);
        Assert.Equal("service review via inside", withList.Text);
        Assert.Equal("no reason predicted; the rep list says: no order for 2x its usual gap; segment mid-growth, propensity band 4–30%", withList.Reason);

        var bare = NextBestActions.Choose(new NextBestActionInput());
        Assert.Equal("qualify", bare.Action);
        Assert.Equal("no reason predicted and the account is on no rep list", bare.Reason);
    }

    [Fact]
    public void Choose_SameInput_SameAction()
    {
        var input = Input(ContactReasons.Renewal);
        Assert.Equal(NextBestActions.Choose(input), NextBestActions.Choose(input));
    }
}
