using System.Text;

namespace Sightline.Demo;

internal sealed partial class AccountSimulator
{
    private static readonly string[] FirstNameSlugs = DemoCatalog.FirstNames.Select(DemoNameBook.Slug).ToArray();
    private static readonly string[] LastNameSlugs = DemoCatalog.LastNames.Select(DemoNameBook.Slug).ToArray();
    private static readonly DateOnly EarliestCustomerCreated = new(2012, 1, 1);
    private static readonly DateOnly EarliestProspectCreated = new(2018, 1, 1);

    /// <summary>
    /// Name and domain. A few records are deliberately messy but valid: ", Inc." with a comma,
    /// an upper-case name, a quoted abbreviation, a missing domain.
    /// </summary>
    private void ComposeIdentity()
    {
        var industry = DemoCatalog.Industries[_p.Industry];
        var city = DemoCatalog.Cities[_p.City];
        var country = DemoCatalog.Countries[city.Country];
        string baseName;
        string root;
        if (ParentOf(_p.Index) is { } parent)
        {
            var (parentName, parentRoot) = _names.Base(parent, industry);
            baseName = parentName + " " + city.Name;
            root = parentRoot + "-" + city.Slug;
        }
        else
        {
            (baseName, root) = _names.Base(_p.Index, industry);
        }

        var legal = industry.Name is "Public Sector" or "Education" ? null : _rng.PickItem(country.LegalSuffixes);
        var name = new StringBuilder(baseName.Length + 24).Append(baseName);
        var u = _rng.NextDouble();
        if (u < 0.002)
        {
            name.Append(" (\"");
            foreach (var word in baseName.Split(' '))
            {
                name.Append(char.ToUpperInvariant(word[0]));
            }

            name.Append("\")");
        }

        if (legal is not null)
        {
            if (legal is "Inc" or "Inc." && u > 0.75)
            {
                name.Append(", Inc.");
            }
            else
            {
                name.Append(' ').Append(legal);
            }
        }

        _name = u is > 0.002 and < 0.005 ? name.ToString().ToUpperInvariant() : name.ToString();
        _domain = _rng.Chance(0.03) ? null
            : root + "." + (city.Country == 0 || _rng.Chance(0.25) ? "com" : country.Tld);
    }

    private void WriteContacts()
    {
        var w = _out.Contacts;
        for (var k = 0; k < _p.ContactCount; k++)
        {
            ref var c = ref _contacts[k];
            w.Id("C", c.Number, 9);
            w.Id("A", _p.Index + 1, AccountIdDigits);
            w.Text(DemoCatalog.Titles[c.Department][c.Seniority]);
            w.Text(DemoCatalog.Departments[c.Department]);
            w.Text(DemoCatalog.Seniorities[c.Seniority]);
            w.Text(Sightline.Data.CanonicalSchema.BuyingRoles[c.Role]);
            w.Text(_domain is null ? null : FirstNameSlugs[c.First] + "." + LastNameSlugs[c.Last] + "@" + _domain);
            if (c.HasActivity)
            {
                w.Date(c.LastActivity);
            }
            else if (_rng.Chance(0.4))
            {
                var date = _windowStart.AddDays(_rng.Next(MonthStart(TouchStartMonth).DayNumber - _windowStart.DayNumber));
                NoteActivity(date);
                w.Date(date);
            }
            else
            {
                w.Empty();
            }

            w.EndRow();
        }
    }

    private void WriteAccount()
    {
        var industry = DemoCatalog.Industries[_p.Industry];
        var city = DemoCatalog.Cities[_p.City];
        var country = DemoCatalog.Countries[city.Country];
        var w = _out.Accounts;
        w.Id("A", _p.Index + 1, AccountIdDigits);
        w.Text(_name);
        w.Text(_domain);
        var noIndustry = _rng.Chance(0.015);
        w.Text(noIndustry ? null : industry.Name);
        w.Text(noIndustry ? null : industry.SubIndustries[_p.SubIndustry]);
        if (_rng.Chance(0.03))
        {
            w.Empty();
        }
        else
        {
            w.Integer((long)_p.Employees);
        }

        if (_rng.Chance(0.05))
        {
            w.Empty();
        }
        else
        {
            w.Number(_p.Revenue, 0);
        }

        w.Text(country.Name);
        w.Text(DemoCatalog.Regions[_p.Region].Name);
        w.Text(city.State);
        w.Text(city.Name);
        w.Text(_rng.Chance(0.02) ? null : PostalCode(city.PostalPattern));
        if (_rng.Chance(0.01))
        {
            w.Empty();
            w.Empty();
        }
        else
        {
            w.Number(city.Latitude + _rng.Normal(0, 0.05), 5);
            w.Number(city.Longitude + _rng.Normal(0, 0.05), 5);
        }

        if (ParentOf(_p.Index) is { } parent)
        {
            w.Id("A", parent + 1, AccountIdDigits);
        }
        else
        {
            w.Empty();
        }

        WriteRep(w, _p.OwnerRep);
        var created = _p.InitiallyActive
            ? EarliestCustomerCreated.AddDays(_rng.Next(_windowStart.DayNumber - 30 - EarliestCustomerCreated.DayNumber))
            : EarliestProspectCreated.AddDays(_rng.Next(_end.DayNumber - 7 - EarliestProspectCreated.DayNumber));
        var latest = _p.MinActivity.AddDays(-_rng.Next(31));
        w.Date(created < latest ? created : latest);
        w.EndRow();

        var t = _out.TerritoryAccounts;
        t.Id("T", _p.Territory.Number, DemoTerritory.IdDigits);
        t.Id("A", _p.Index + 1, AccountIdDigits);
        t.EndRow();
    }

    private string? PostalCode(string pattern)
    {
        if (pattern.Length == 0)
        {
            return null;
        }

        Span<char> code = stackalloc char[pattern.Length];
        for (var i = 0; i < pattern.Length; i++)
        {
            code[i] = pattern[i] switch
            {
                '#' => (char)('0' + _rng.Next(10)),
                '@' => (char)('A' + _rng.Next(26)),
                var literal => literal,
            };
        }

        return new string(code);
    }

    private void WriteCompetitors()
    {
        var w = _out.Competitors;
        for (var c = 0; c < _p.CompetitorCount; c++)
        {
            ref var installed = ref _installed[c];
            w.Id("A", _p.Index + 1, AccountIdDigits);
            w.Text(DemoCatalog.Competitors[installed.Competitor].Name);
            w.Text(DemoCatalog.Families[installed.Family]);
            w.Date(installed.ContractEnd);
            w.Number(installed.Share, 2);
            w.EndRow();
        }
    }

    private void WriteTruth()
    {
        var endState = _state[Months - 1];
        var w = _out.Truth;
        w.Id("A", _p.Index + 1, AccountIdDigits);
        w.Number(_p.TruePropensity, 6);
        w.Number(_p.Potential, 2);
        w.Text(DemoCatalog.Archetypes[_p.Archetype].Name);
        w.Bool(_p.EverOrdered && endState == Lapsed);
        w.Bool(_p.BoughtAfterCutoff);
        w.Text(StateNames[_p.StateAtCutoff]);
        w.Text(StateNames[endState]);
        w.Number(_p.PropensityAfterEnd, 6);
        w.Number(_p.Fit, 4);
        w.Number(_p.Tech, 4);
        w.Number(_need[DemoCatalog.Analytics], 4);
        w.Number(_need[DemoCatalog.Security], 4);
        w.Text(DemoCatalog.RegionalCoverage[_p.Coverage]);
        w.Text(NextBestFamily());
        if (_p.EverOrdered)
        {
            w.Date(_p.FirstOrder);
            w.Date(_p.LastOrder);
        }
        else
        {
            w.Empty();
            w.Empty();
        }

        w.EndRow();
    }
}
