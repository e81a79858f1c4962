namespace Sightline.Demo;

internal sealed partial class AccountSimulator
{
    private static readonly double[] DepartmentWeights = [1.0, 3.0, 2.0, 2.0, 1.0, 1.0, 1.5, 1.0, 1.5];

    private void DrawProfile(long index)
    {
        var parent = ParentOf(index);
        _p.Industry = IndustryOf(parent ?? index);
        var industry = DemoCatalog.Industries[_p.Industry];
        _p.SubIndustry = _rng.Next(industry.SubIndustries.Length);
        _p.Region = _rng.Pick(_regionWeights);
        var cities = _citiesByRegion[_p.Region];
        _p.City = cities[_rng.Pick(_cityWeightsByRegion[_p.Region])];

        _p.Fit = _rng.Normal();
        _p.Tech = _rng.Normal(industry.TechMean, 0.8);
        var lnEmployees = _rng.Normal(Math.Log(60) + industry.SizeShift + (parent is null ? 0 : 1.0), 1.6);
        _p.Employees = Math.Clamp(Math.Round(Math.Exp(lnEmployees)), 1, 400_000);
        _p.Revenue = Math.Max(50_000, Math.Round(_p.Employees * industry.RevenuePerEmployee * Math.Exp(_rng.Normal(0, 0.45)) / 1000.0) * 1000.0);
        _p.SizeTerm = Math.Clamp((Math.Log(_p.Employees) - Math.Log(150)) / 1.5, -2, 2);

        var archetypes = DemoCatalog.Archetypes;
        for (var a = 0; a < archetypes.Length; a++)
        {
            var w = archetypes[a].BaseWeight;
            w *= a switch
            {
                DemoCatalog.Expander => Math.Exp((0.8 * _p.Fit) + (0.5 * _p.SizeTerm)),
                DemoCatalog.DigitalSelfServe => Math.Exp((1.0 * _p.Tech) - (0.6 * _p.SizeTerm)),
                DemoCatalog.Seasonal => industry.Seasonal ? 2.5 : 1.0,
                DemoCatalog.Declining => Math.Exp(-0.4 * _p.Fit),
                DemoCatalog.Dormant => Math.Exp(-0.8 * _p.Fit),
                2 => Math.Exp(-0.3 * _p.Fit),
                _ => 1.0,
            };
            _archetypeWeights[a] = w;
        }

        _p.Archetype = _rng.Pick(_archetypeWeights);
        var archetype = archetypes[_p.Archetype];

        _need[DemoCatalog.Core] = 1.0;
        _need[DemoCatalog.Analytics] = Math.Exp((0.6 * _p.Tech) + industry.AnalyticsNeed + _rng.Normal(-0.3, 0.7));
        _need[DemoCatalog.Security] = Math.Exp(industry.SecurityNeed + (0.3 * _p.SizeTerm) + _rng.Normal(-0.3, 0.7));
        _need[DemoCatalog.Services] = Math.Exp((0.3 * _p.SizeTerm) + _rng.Normal(0, 0.4));

        _p.Potential = Math.Max(1_000, Math.Round(0.02 * Math.Pow(_p.Revenue, 0.85) * industry.SpendMultiplier
            * Math.Exp((0.25 * _p.Fit) + (0.2 * _p.Tech) + _rng.Normal(0, 0.25)) / 100.0) * 100.0);
        _p.Discount = Math.Clamp(0.02 + (0.03 * Math.Max(0, Math.Log(_p.Employees / 50.0))) + archetype.ExtraDiscount + _rng.Normal(0, 0.02), 0, 0.35);

        // Coverage model: big accounts get field reps, the long tail digital or partners.
        var u = _rng.NextDouble();
        _p.Coverage = _p.Employees >= 1_000 ? (u < 0.9 ? 0 : 1)
            : _p.Employees >= 200 ? (u < 0.75 ? 1 : u < 0.9 ? 0 : 3)
            : (_p.Archetype == DemoCatalog.DigitalSelfServe || u < 0.6) ? 2 : u < 0.8 ? 3 : 1;
        _p.Territory = _org.PickTerritory(_rng, _p.Region, _p.Coverage);
        _p.OwnerRep = _rng.Chance(0.01) ? null : _p.Territory.RepNumber;
    }

    private void DrawContacts()
    {
        var lambda = 0.4 + (0.6 * Math.Max(0, Math.Log10(_p.Employees)));
        var count = Math.Min(MaxContacts, 1 + _rng.Poisson(lambda));
        _p.ContactCount = count;
        var hasChampion = false;
        var hasBlocker = false;
        Span<double> roleWeights = stackalloc double[5];
        Span<double> seniorityWeights = stackalloc double[5];
        for (var k = 0; k < count; k++)
        {
            int role;
            if (k == 0)
            {
                role = _rng.Chance(Math.Clamp(0.55 + (0.1 * _p.Fit), 0.2, 0.85)) ? 0 : 1 + _rng.Next(2);
            }
            else
            {
                roleWeights[0] = 0.12;
                roleWeights[1] = 0.35;
                roleWeights[2] = 0.35;
                roleWeights[3] = Math.Max(0.02, 0.1 + (0.06 * _p.Fit));
                roleWeights[4] = 0.08;
                role = _rng.Pick(roleWeights);
            }

            seniorityWeights.Clear();
            switch (role)
            {
                case 0: seniorityWeights[0] = 0.4; seniorityWeights[1] = 0.4; seniorityWeights[2] = 0.2; break;
                case 1: seniorityWeights[1] = 0.2; seniorityWeights[2] = 0.4; seniorityWeights[3] = 0.4; break;
                case 2: seniorityWeights[3] = 0.3; seniorityWeights[4] = 0.7; break;
                case 3: seniorityWeights[2] = 0.4; seniorityWeights[3] = 0.5; seniorityWeights[4] = 0.1; break;
                default: seniorityWeights[0] = 0.2; seniorityWeights[1] = 0.3; seniorityWeights[2] = 0.3; seniorityWeights[3] = 0.2; break;
            }

            _p.HasDecisionMaker |= role == 0;
            hasChampion |= role == 3;
            hasBlocker |= role == 4;
            _contacts[k] = new Contact
            {
                Number = ++_nextContact,
                First = _rng.Next(DemoCatalog.FirstNames.Length),
                Last = _rng.Next(DemoCatalog.LastNames.Length),
                Role = role,
                Seniority = _rng.Pick(seniorityWeights),
                Department = _rng.Pick(DepartmentWeights),
            };
        }

        _p.Score += (_p.HasDecisionMaker ? 0.35 : -0.35) + (hasChampion ? 0.3 : 0) + (hasBlocker ? -0.3 : 0);
    }

    private void DrawCompetitors()
    {
        var competitors = DemoCatalog.Competitors;
        var small = _p.Employees < 200;
        for (var family = DemoCatalog.Core; family <= DemoCatalog.Security; family++)
        {
            if (!_rng.Chance(Sigmoid(-1.3 + (0.5 * _p.SizeTerm) + (family == DemoCatalog.Core ? 0.4 : 0))))
            {
                continue;
            }

            for (var c = 0; c < competitors.Length; c++)
            {
                var strength = family switch
                {
                    DemoCatalog.Core => competitors[c].Core,
                    DemoCatalog.Analytics => competitors[c].Analytics,
                    _ => competitors[c].Security,
                };
                _competitorWeights[c] = strength * (small ? 1 + competitors[c].SmallBias : 1);
            }

            var first = _rng.Pick(_competitorWeights);
            var share = Math.Round(_rng.Uniform(0.35, 1.0), 2);
            AddInstalled(first, family, share);
            _competitorWeights[first] = 0;
            if (_rng.Chance(0.12) && _competitorWeights.AsSpan().ContainsAnyExcept(0.0))
            {
                var second = _rng.Pick(_competitorWeights);
                var secondShare = Math.Round((1 - share) * _rng.Uniform(0.3, 0.9), 2);
                AddInstalled(second, family, Math.Max(0.05, secondShare));
            }

            if (family == DemoCatalog.Core)
            {
                _p.CoreCompetitorShare = share;
            }
            else
            {
                _need[family] *= 1 - (0.5 * share);
            }
        }

        _p.Score -= 0.8 * _p.CoreCompetitorShare;
    }

    private void AddInstalled(int competitor, int family, double share)
    {
        _installed[_p.CompetitorCount++] = new Installed
        {
            Competitor = competitor,
            Family = family,
            Share = share,
            // The brief keeps every date at or before the end of the data, so this is the last
            // known contract end or renewal date, up to 18 months back.
            ContractEnd = _end.AddDays(-_rng.Next(540)),
        };
    }

    /// <summary>
    /// The hidden score and the lifecycle it drives. Months 0-23 run a monthly Markov chain
    /// (convert, churn, win back) at the annual rates below; at the cutoff the account's
    /// probability of buying in the final 12 months is fixed (<c>true_propensity</c>) and drawn once.
    /// </summary>
    private void DrawLifecycle()
    {
        var industry = DemoCatalog.Industries[_p.Industry];
        var archetype = DemoCatalog.Archetypes[_p.Archetype];
        _p.Score += industry.PropensityEffect + DemoCatalog.Regions[_p.Region].PropensityEffect
            + (0.30 * _p.SizeTerm) + (1.0 * _p.Fit) + (0.45 * _p.Tech) + archetype.ConversionEffect;
        var z = _p.Score;
        _p.PInitial = Sigmoid(-2.3 + (0.9 * z));
        _p.PConvert = Sigmoid(-2.6 + z);
        _p.PChurn = Sigmoid(-1.9 - (0.7 * _p.Fit) - (0.25 * _p.SizeTerm) + archetype.ChurnEffect + (_p.CoreCompetitorShare > 0 ? 0.3 : 0));
        _p.PWinBack = Sigmoid(-2.6 + (0.6 * z) + (0.5 * _p.Fit));
        _p.Engagement = Math.Clamp(Math.Exp(0.5 * z), 0.2, 4.0) * archetype.TouchFactor * (1 + (0.15 * _p.SizeTerm));

        var hConvert = MonthlyHazard(_p.PConvert);
        var hChurn = MonthlyHazard(_p.PChurn);
        var hWinBack = MonthlyHazard(_p.PWinBack);

        Array.Clear(_acquired);
        _p.InitiallyActive = _rng.Chance(_p.PInitial);
        var state = _p.InitiallyActive ? Active : Prospect;
        for (var m = 0; m < CutoffMonth; m++)
        {
            if (m > 0)
            {
                var before = state;
                state = state switch
                {
                    Prospect => _rng.Chance(hConvert) ? Active : Prospect,
                    Active => _rng.Chance(hChurn) ? Lapsed : Active,
                    _ => _rng.Chance(hWinBack) ? Active : Lapsed,
                };
                _acquired[m] = before != Active && state == Active;
            }

            _state[m] = state;
        }

        _p.StateAtCutoff = state;
        _p.TruePropensity = state switch
        {
            Active => 1 - _p.PChurn,
            Prospect => _p.PConvert,
            _ => _p.PWinBack,
        };
        _p.BoughtAfterCutoff = _rng.Chance(_p.TruePropensity);

        var startMonth = CutoffMonth;
        if (_p.BoughtAfterCutoff)
        {
            _p.GuaranteedMonth = _rng.Next(CutoffMonth, Months);
            if (state != Active)
            {
                startMonth = _p.GuaranteedMonth;
                _acquired[startMonth] = true;
            }
        }
        else
        {
            _p.GuaranteedMonth = -1;
            startMonth = Months;
        }

        var finalState = state == Active ? Lapsed : state;
        for (var m = CutoffMonth; m < Months; m++)
        {
            _state[m] = m >= startMonth ? Active : finalState;
        }

        var endState = _state[Months - 1];
        _p.PropensityAfterEnd = endState switch
        {
            Active => 1 - _p.PChurn,
            Prospect => _p.PConvert,
            _ => _p.PWinBack,
        };
    }
}
