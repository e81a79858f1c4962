using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>
/// One list of companies and people (Odoo's contacts, the res.partner model): its companies load as accounts and its
/// people as contacts of their related company, each part skipping the other's rows with a note.
/// </summary>
public sealed class PartnerListImportTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private const string OdooContacts = "Name,Is a Company,Related Company,Job Position,Email,City,Country\n"
        + "Deco Addict,True,,,info@deco-addict.com,Pleasant Hill,United States\n"
        + "Gemini Furniture,True,,,gemini@example.com,Fairfield,United States\n"
        + "Addison Olson,False,Deco Addict,Purchase Manager,addison.olson@example.com,Pleasant Hill,United States\n"
        + "Edwin Hansen,False,Gemini Furniture,Marketing Manager,edwin.hansen@example.com,Fairfield,United States\n"
        + "Chester Reed,False,,Chief Executive Officer,chester.reed@example.com,Fremont,United States\n";

    [Fact]
    public void OdooContacts_CompaniesAreAccounts_PeopleAreContactsOfTheirCompany_PeopleWithoutOneSkipped()
    {
        var result = _ws.Import(null, ("Contact (res.partner).csv", OdooContacts));

        Assert.Equal(["Deco Addict|Deco Addict|Pleasant Hill", "Gemini Furniture|Gemini Furniture|Fairfield"], _ws.Lines("SELECT account_id, name, city FROM accounts ORDER BY 1"));
        Assert.Equal(["addison.olson@example.com|Deco Addict|Purchase Manager", "edwin.hansen@example.com|Gemini Furniture|Marketing Manager"],
            _ws.Lines("SELECT contact_id, account_id, title FROM contacts ORDER BY 1"));

        var companies = Assert.Single(result.Files, f => f.Table == "accounts");
        var people = Assert.Single(result.Files, f => f.Table == "contacts");
        Assert.Equal("Contact (res.partner).csv (companies)", companies.File);
        Assert.Equal("Contact (res.partner).csv (people)", people.File);
        Assert.Contains("Contact (res.partner).csv (companies): 3 people (lines 4, 5, 6) whose 'Is a Company' is no company: read as contacts, not accounts", companies.Notes);
        Assert.Contains("Contact (res.partner).csv (people): 2 companies (lines 2, 3) whose 'Is a Company' says so: read as accounts, not contacts", people.Notes);
        Assert.Contains("Contact (res.partner).csv (people): 1 person (line 6) without a 'Related Company': no contact of an account, skipped", people.Notes);
        Assert.Equal(4, result.RowsLoaded);

        // Neither the flag nor the other part's columns (a person's job position among the companies) become attributes.
        Assert.DoesNotContain(_ws.Lines("SELECT column_name FROM (DESCRIBE accounts)"), c => c is "is_a_company" or "job_position" or "related_company");
        Assert.DoesNotContain(_ws.Lines("SELECT column_name FROM (DESCRIBE contacts)"), c => c == "is_a_company");
    }

    [Fact]
    public void CompanyTypeColumn_TellsThemApart_AndAPersonsBadValueIsRefusedAtItsOwnLine()
    {
        var text = "Company Type,Display Name,Company Name,Email,Employees\n"
            + "Company,Acme,,hello@acme.com,120\nIndividual,Jo Smith,Acme,jo@acme.com,\nCompany,Gamma,,hi@gamma.io,many\nPerson,Kai Berg,Gamma,kai@gamma.io,\n";

        var error = _ws.ImportFails(null, ("partners-contacts.csv", text));

        // The company's bad head count is reported at its line of the file, under the part that read it.
        Assert.Contains(error.Diagnostics, d => d.ToString().StartsWith("partners-contacts.csv (companies):4: column 'employees' value 'many'", StringComparison.Ordinal));
        Assert.Equal(0, _ws.Count("SELECT count(*) FROM accounts"));

        _ws.Import(null, ("partners-contacts.csv", text.Replace("many", "40", StringComparison.Ordinal)));
        Assert.Equal(["Acme|120", "Gamma|40"], _ws.Lines("SELECT account_id, employees FROM accounts ORDER BY 1"));
        Assert.Equal(["jo@acme.com|Acme", "kai@gamma.io|Gamma"], _ws.Lines("SELECT contact_id, account_id FROM contacts ORDER BY 1"));
    }

    [Fact]
    public void ContactsWithoutACompanyFlag_LoadAsBefore()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));

        var result = _ws.Import(null, ("contacts.csv", "contact_id,account_id,Job Position\nC1,A1,Buyer\n"));

        Assert.Equal("contacts.csv", Assert.Single(result.Files).File);
        Assert.Equal(["C1|A1|Buyer"], _ws.Lines("SELECT contact_id, account_id, title FROM contacts"));
    }
}
