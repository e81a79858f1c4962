namespace Sightline.Demo;

internal sealed partial class AccountSimulator
{
    private const int Call = 0;
    private const int Email = 1;
    private const int Web = 2;
    private const int Meeting = 3;
    private const int Support = 5;
    private const int Chat = 6;

    private static readonly string[] Channels = ["call", "email", "web", "meeting", "event", "support", "chat", "social"];

    /// <summary>Channel mix by coverage model (field, inside, digital, partner).</summary>
    private static readonly double[][] ChannelWeights =
    [
        [3, 4, 2, 3, 1, 2, 0.5, 0.5],
        [4, 5, 2, 1, 0.5, 2, 1, 0.5],
        [0.5, 5, 5, 0.1, 0.5, 2, 2, 1],
        [2, 3, 2, 1, 1, 1.5, 0.5, 0.5],
    ];

    private static readonly string[][] Kinds =
    [
        ["discovery_call", "follow_up", "renewal_call", "check_in"],
        ["newsletter", "follow_up", "proposal_sent", "nurture_sequence"],
        ["product_page", "docs_visit", "blog_visit", "pricing_page", "demo_request"],
        ["business_review", "executive_briefing", "workshop", "demo"],
        ["webinar", "conference", "roadshow", "user_group"],
        ["how_to", "billing_question", "ticket_opened", "incident"],
        ["support_chat", "sales_chat", "pricing_question"],
        ["linkedin_engagement", "ad_click", "mention"],
    ];

    private static readonly string[][] Outcomes =
    [
        ["connected", "no_answer", "voicemail", "meeting_booked"],
        ["opened", "clicked", "replied", "bounced", "no_response"],
        ["visited", "visited", "visited", "form_submitted"],
        ["completed", "next_steps_agreed", "no_show"],
        ["attended", "attended", "registered_no_show"],
        ["resolved", "resolved", "pending", "escalated"],
        ["answered", "lead_created", "abandoned"],
        ["engaged", "followed"],
    ];

    /// <summary>Share of touches that are inbound, by channel.</summary>
    private static readonly double[] InboundShare = [0.15, 0.2, 1.0, 0.3, 1.0, 0.9, 1.0, 1.0];

    /// <summary>Chance a touch is tied to a known contact, by channel.</summary>
    private static readonly double[] ContactShare = [0.95, 0.95, 0.35, 0.95, 0.8, 0.9, 0.6, 0.4];

    private readonly double[] _channelScratch = new double[8];

    private void WriteWonOpportunity(int productIndex, DateOnly orderDate, double lineAmount)
    {
        var family = DemoCatalog.Products[productIndex].Family;
        var created = orderDate.AddDays(-_rng.Next(14, 121));
        var amount = Math.Round(lineAmount * _rng.Uniform(3, 12) / 100.0) * 100.0;
        var competitor = InstalledCompetitor(family);
        if (competitor < 0 || !_rng.Chance(0.6))
        {
            competitor = _rng.Chance(0.15) ? _rng.Next(DemoCatalog.Competitors.Length) : -1;
        }

        WriteOpportunity(productIndex, created, orderDate, "Closed Won", Math.Max(100, amount), won: true, lostReason: null, competitor, OpportunityRep(family));
    }

    /// <summary>Lost deals (more for engaged non-customers) and open pipeline (more for likely buyers).</summary>
    private void WriteOpportunities()
    {
        var lost = _rng.Poisson((_p.EverOrdered ? 0.25 : 0.35) * _p.Engagement);
        var windowDays = _end.DayNumber - _windowStart.DayNumber;
        for (var k = 0; k < lost; k++)
        {
            var product = _rng.Pick(_productWeights);
            var family = DemoCatalog.Products[product].Family;
            var created = _windowStart.AddDays(_rng.Next(windowDays));
            var closed = created.AddDays(_rng.Next(20, 151));
            var amount = Math.Max(500, Math.Round(_p.Potential * _rng.Uniform(0.1, 0.5) / 100.0) * 100.0);
            if (closed > _end)
            {
                WriteOpportunity(product, created, null, DemoCatalog.OpenStages[_rng.Next(DemoCatalog.OpenStages.Length)], amount, won: null, lostReason: null, -1, OpportunityRep(family));
                continue;
            }

            var reason = _rng.Pick(DemoCatalog.LostReasonWeights);
            var competitor = -1;
            if (reason == 1)
            {
                competitor = InstalledCompetitor(family);
                if (competitor < 0)
                {
                    competitor = _rng.Next(DemoCatalog.Competitors.Length);
                }
            }
            else if (_rng.Chance(0.1))
            {
                competitor = _rng.Next(DemoCatalog.Competitors.Length);
            }

            WriteOpportunity(product, created, closed, "Closed Lost", amount, won: false, DemoCatalog.LostReasons[reason], competitor, OpportunityRep(family));
        }

        var openChance = _state[Months - 1] == Active ? 0.2 * Math.Min(2, _p.Engagement) : 0.6 * _p.PropensityAfterEnd;
        if (_rng.Chance(openChance))
        {
            var product = _rng.Pick(_productWeights);
            var created = _end.AddDays(-_rng.Next(150));
            var amount = Math.Max(500, Math.Round(_p.Potential * _rng.Uniform(0.1, 0.6) / 100.0) * 100.0);
            var competitor = _rng.Chance(0.3) ? InstalledCompetitor(DemoCatalog.Products[product].Family) : -1;
            WriteOpportunity(product, created, null, DemoCatalog.OpenStages[_rng.Next(DemoCatalog.OpenStages.Length)], amount, won: null, lostReason: null, competitor, OpportunityRep(DemoCatalog.Products[product].Family));
        }
    }

    private int InstalledCompetitor(int family)
    {
        for (var c = 0; c < _p.CompetitorCount; c++)
        {
            if (_installed[c].Family == family)
            {
                return _installed[c].Competitor;
            }
        }

        return -1;
    }

    private int? OpportunityRep(int family)
    {
        if (family is DemoCatalog.Analytics or DemoCatalog.Security && _rng.Chance(0.3))
        {
            var overlay = _org.PickOverlay(_rng, _p.Region);
            if (overlay is not null)
            {
                return overlay.Number;
            }
        }

        return _p.OwnerRep ?? _p.Territory.RepNumber;
    }

    private void WriteOpportunity(int productIndex, DateOnly created, DateOnly? closed, string stage, double amount, bool? won, string? lostReason, int competitor, int? rep)
    {
        NoteActivity(created);
        var w = _out.Opportunities;
        w.Id("OP", ++_nextOpportunity, 9);
        w.Id("A", _p.Index + 1, AccountIdDigits);
        w.Text(DemoCatalog.Products[productIndex].Id);
        w.Date(created);
        if (closed is { } c)
        {
            w.Date(c);
        }
        else
        {
            w.Empty();
        }

        w.Text(stage);
        w.Number(amount, 2);
        if (won is { } b)
        {
            w.Bool(b);
        }
        else
        {
            w.Empty();
        }

        w.Text(lostReason);
        w.Text(competitor < 0 ? null : DemoCatalog.Competitors[competitor].Name);
        WriteRep(w, rep);
        w.EndRow();
    }

    /// <summary>
    /// Touches over the last 18 months: the rate follows the account's engagement (its hidden
    /// score), customers get support touches, and inbound intent (pricing page, demo request)
    /// spikes in the months before a purchase that converts or wins back the account.
    /// </summary>
    private void SimulateTouchpoints()
    {
        var weights = ChannelWeights[_p.Coverage];
        var hadOrders = _p.InitiallyActive;
        for (var m = 0; m < TouchStartMonth; m++)
        {
            hadOrders |= _state[m] == Active;
        }

        var cutoffChurner = _p.StateAtCutoff == Active && !_p.BoughtAfterCutoff;
        for (var m = TouchStartMonth; m < Months; m++)
        {
            var state = _state[m];
            hadOrders |= state == Active;
            var intent = (m + 1 < Months && _acquired[m + 1]) || (m + 2 < Months && _acquired[m + 2]) || _acquired[m];
            var churnSignal = cutoffChurner && m is >= CutoffMonth - 4 and < CutoffMonth;
            var rate = (state == Active ? 0.7 : state == Prospect ? 0.1 : 0.15) * _p.Engagement * (intent ? 4 : 1) * (churnSignal ? 1.5 : 1);
            var count = Math.Min(_rng.Poisson(rate), 25);
            if (count == 0)
            {
                continue;
            }

            for (var c = 0; c < weights.Length; c++)
            {
                _channelScratch[c] = weights[c];
            }

            _channelScratch[Support] = hadOrders ? weights[Support] * (churnSignal ? 3 : 1) : 0;
            if (intent)
            {
                _channelScratch[Web] *= 3;
                _channelScratch[Meeting] *= 2;
                _channelScratch[Chat] *= 2;
            }

            for (var t = 0; t < count; t++)
            {
                WriteTouch(m, _rng.Pick(_channelScratch), intent, churnSignal);
            }
        }
    }

    private void WriteTouch(int month, int channel, bool intent, bool churnSignal)
    {
        var date = DayIn(month);
        var businessHours = channel is Call or Meeting || _rng.Chance(0.8);
        var hour = businessHours ? _rng.Next(8, 19) : _rng.Next(24);
        var kinds = Kinds[channel];
        var kind = intent && channel is Web or Chat or Meeting ? kinds[^1]
            : churnSignal && channel == Support ? kinds[^1]
            : kinds[_rng.Next(intent ? kinds.Length : Math.Max(1, kinds.Length - 1))];
        var outcomes = Outcomes[channel];
        var outcome = outcomes[_rng.Next(outcomes.Length)];
        var direction = _rng.Chance(InboundShare[channel]) ? "in" : "out";

        var contact = -1;
        if (_p.ContactCount > 0 && _rng.Chance(ContactShare[channel]))
        {
            contact = _rng.Next(_p.ContactCount);
            ref var person = ref _contacts[contact];
            if (!person.HasActivity || date > person.LastActivity)
            {
                person.LastActivity = date;
                person.HasActivity = true;
            }
        }

        NoteActivity(date);
        var w = _out.Touchpoints;
        w.Id("EV", ++_nextEvent, 10);
        w.Id("A", _p.Index + 1, AccountIdDigits);
        w.Timestamp(date, hour, _rng.Next(60), _rng.Next(60));
        w.Text(Channels[channel]);
        w.Text(kind);
        w.Text(direction);
        if (contact >= 0)
        {
            w.Id("C", _contacts[contact].Number, 9);
        }
        else
        {
            w.Empty();
        }

        w.Text(outcome);
        w.EndRow();
    }
}
