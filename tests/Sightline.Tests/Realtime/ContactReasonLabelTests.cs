using Sightline.Realtime;
using Sightline.Tests.Support;

namespace Sightline.Tests.Realtime;

/// <summary>The label and input definitions on a history small enough to check by hand.</summary>
public sealed class ContactReasonLabelTests : IDisposable
{
    private readonly TestWorkspace _ws = new();
    private readonly Dictionary<string, ContactReasonExample> _examples;

    public ContactReasonLabelTests()
    {
        _ws.Import(null,
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\nP2,Insight,Analytics\n"),
            ("accounts.csv", "account_id,name\nA1,One\nA2,Two\nA3,Three\nA4,Four\nA5,Five\nA6,Six\n"),
            ("orders.csv", """
                order_id,account_id,product_id,order_date,amount
                O1,A1,P1,2025-01-10,100
                O2,A1,P1,2025-06-10,100
                O3,A1,P1,2026-01-12,100
                O4,A2,P1,2025-03-01,100
                O5,A2,P2,2025-09-15,500
                O6,A3,P1,2025-03-01,100
                O7,A3,P1,2025-05-01,100
                O8,A3,P1,2025-08-10,300
                O9,A4,P1,2025-07-05,100
                O10,A6,P1,2025-09-01,100

                """),
            ("opportunities.csv", """
                opportunity_id,account_id,product_id,created_at,closed_at,stage
                OP1,A2,P2,2025-08-20,,Proposal
                OP2,A3,P2,2025-01-01,2025-02-01,Closed Lost

                """),
            ("touchpoints.csv", """
                event_id,account_id,occurred_at,channel,kind,direction,contact_id,outcome
                E1,A1,2026-01-05 10:00:00,call,renewal_call,in,,connected
                E2,A2,2025-09-01 10:00:00,web,pricing_page,in,,visited
                E3,A3,2025-08-01 10:00:00,email,follow_up,in,,replied
                E4,A4,2025-06-20 09:00:00,support,ticket_opened,out,,pending
                E5,A4,2025-07-01 10:00:00,support,how_to,in,,resolved
                E6,A5,2025-07-01 10:00:00,call,check_in,in,,connected
                E7,A5,2025-07-10 10:00:00,support,incident,out,,resolved
                E8,A6,2025-07-01 10:00:00,call,follow_up,in,,connected
                E9,A6,2026-03-01 10:00:00,email,newsletter,out,,opened
                E10,A6,2026-02-20 10:00:00,chat,sales_chat,in,,answered

                """));
        _examples = ContactReasonData.Examples(_ws.Workspace).ToDictionary(e => e.EventId);
    }

    [Theory]
    [InlineData("E1", ContactReasons.Renewal)]      // held Core, same amount as usual, Core also ordered 367 days before the order
    [InlineData("E2", ContactReasons.NewPurchase)]  // Analytics ordered 14 days later, never held before
    [InlineData("E3", ContactReasons.Upgrade)]      // Core 300 against a usual 100 (more than 1.25 times)
    [InlineData("E5", ContactReasons.Support)]      // a support touch, although a new family is ordered 4 days later
    [InlineData("E6", ContactReasons.Support)]      // no order follows, a support incident does within 30 days
    [InlineData("E8", null)]                        // the order comes 62 days later: outside the 30-day horizon
    public void Examples_TinyHistory_LabelsAsDefined(string eventId, string? reason)
    {
        Assert.Equal(reason, _examples[eventId].Reason);
    }

    [Fact]
    public void Examples_OnlyInboundTouches_AreExamples()
    {
        Assert.Equal(["E1", "E10", "E2", "E3", "E5", "E6", "E8"], _examples.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Examples_WindowRunsPastTheData_LabelIncomplete()
    {
        // The data ends 2026-03-01 (E9): E10's window runs to 2026-03-22, E1's ended 2026-02-04.
        Assert.False(_examples["E10"].LabelComplete);
        Assert.True(_examples["E1"].LabelComplete);
    }

    [Fact]
    public void Examples_Inputs_ArePointInTime()
    {
        var a3 = _examples["E3"].Input;
        Assert.Equal(["Core Platform"], a3.FamiliesHeld);
        Assert.Empty(a3.FamiliesAskedAbout); // OP2 closed before the touch
        Assert.Equal(92, a3.DaysSinceLastOrder); // 2025-05-01 to 2025-08-01; the 2025-08-10 order is after the touch
        Assert.Equal(2, a3.Orders365d);
        Assert.Equal(200, a3.Revenue365d);
        Assert.Equal(212, a3.DaysToRenewal); // first Core order 2025-03-01: 153 days ago, so 365 - 153 to its anniversary
        Assert.Equal("Core Platform", a3.RenewalFamily);

        var a2 = _examples["E2"].Input;
        Assert.Equal(["Analytics"], a2.FamiliesAskedAbout); // OP1 is open
        Assert.Equal(["Core Platform"], a2.FamiliesHeld);

        var a4 = _examples["E5"].Input;
        Assert.Equal(1, a4.OpenTickets); // E4: a ticket opened 11 days before, still pending
        Assert.Equal(1, a4.ChannelTouches30d["support"]);
        Assert.Equal(1, a4.KindTouches30d["ticket_opened"]);
        Assert.Empty(a4.FamiliesHeld);
        Assert.Null(a4.DaysSinceLastOrder);
        Assert.Null(a4.DaysToRenewal);
    }

    [Fact]
    public void Baselines_EndOfDayBeforeATouch_SameStateAsTheTouchSaw()
    {
        var baselines = ContactReasonData.Baselines(_ws.Workspace, new DateOnly(2025, 7, 31));
        Assert.Equal(6, baselines.Count);
        var touch = _examples["E3"].Input;
        Assert.Equal(touch with { Channel = "", Kind = null }, baselines["A3"] with
        {
            // Lists and dictionaries compare by reference in a record: compare them by content below.
            ChannelTouches30d = touch.ChannelTouches30d, ChannelTouches90d = touch.ChannelTouches90d, KindTouches30d = touch.KindTouches30d,
            FamiliesAskedAbout = touch.FamiliesAskedAbout, FamiliesHeld = touch.FamiliesHeld,
        });
        Assert.Equal(touch.FamiliesHeld, baselines["A3"].FamiliesHeld);
        Assert.Equal(touch.FamiliesAskedAbout, baselines["A3"].FamiliesAskedAbout);
        Assert.Equal(2, baselines["A3"].Orders365d);
        Assert.Null(baselines["A5"].DaysSinceLastOrder);
    }

    [Fact]
    public void ExamplesAndBaselines_NoOrdersButWonDeals_ReadWonDealsAsPurchases()
    {
        // A CRM export without invoices (the batch reads its won deals as purchases): holdings, history and labels read them too.
        using var crm = new TestWorkspace();
        crm.Import(null,
            ("products.csv", "product_id,name,family\nP1,Core,Core Platform\nP2,Insight,Analytics\n"),
            ("accounts.csv", "account_id,name\nA1,One\nA2,Two\n"),
            ("opportunities.csv", """
                opportunity_id,account_id,product_id,created_at,closed_at,stage,amount
                OP1,A1,P1,2025-01-01,2025-02-01,Closed Won,100
                OP2,A1,P2,2025-05-01,2025-06-10,Closed Won,400
                OP3,A2,P1,2025-01-01,2025-03-01,Closed Lost,100

                """),
            ("touchpoints.csv", """
                event_id,account_id,occurred_at,channel,kind,direction,contact_id,outcome
                E1,A1,2025-06-01 10:00:00,web,pricing_page,in,,visited
                E2,A2,2025-06-01 10:00:00,web,pricing_page,in,,visited
                E3,A1,2025-08-01 10:00:00,email,newsletter,out,,opened

                """));

        var examples = ContactReasonData.Examples(crm.Workspace).ToDictionary(e => e.EventId);
        Assert.Equal(ContactReasons.NewPurchase, examples["E1"].Reason); // Analytics won 9 days later, never held before
        Assert.Equal(["Core Platform"], examples["E1"].Input.FamiliesHeld);
        Assert.Equal(120, examples["E1"].Input.DaysSinceLastOrder); // won 2025-02-01
        Assert.Null(examples["E2"].Reason); // a lost deal is no purchase
        Assert.Empty(examples["E2"].Input.FamiliesHeld);

        var a1 = ContactReasonData.Baselines(crm.Workspace, new DateOnly(2025, 7, 31))["A1"];
        Assert.Equal(["Analytics", "Core Platform"], a1.FamiliesHeld);
        Assert.Equal(2, a1.Orders365d);
        Assert.Equal(500, a1.Revenue365d);
    }

    [Theory]
    [InlineData("support", null, true)]
    [InlineData("chat", "support_chat", true)]
    [InlineData("email", "Ticket_Update", true)]
    [InlineData("call", "incident", true)]
    [InlineData("chat", "sales_chat", false)]
    [InlineData("call", null, false)]
    public void IsSupportTouch_ChannelOrKind_MatchesTheSqlLabel(string channel, string? kind, bool expected)
    {
        Assert.Equal(expected, ContactReasons.IsSupportTouch(channel, kind));
    }

    public void Dispose() => _ws.Dispose();
}
