using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>A contacts report without an id column (Salesforce's contact report, a spreadsheet of people): each person is keyed by email, or account and name.</summary>
public sealed class ContactReportImportTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private const string Report = "First Name,Last Name,Title,Account Name,Email,Phone\n"
        + "Jo,Smith,VP Sales,Acme,Jo.Smith@Acme.com,555-1000\nKai,Berg,Procurement Manager,Gamma,kai@gamma.io,555-2000\nLi,Wu,CFO,Acme,,555-3000\n";

    [Fact]
    public void ContactsWithoutAnIdColumn_AreKeyedByEmail_OrAccountAndName_AndAReimportUpdatesThem()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\nA3,Gamma\n"));

        var first = _ws.Import(null, ("Contacts report.csv", Report));
        _ws.Import(null, ("Contacts report.csv", Report.Replace("Li,Wu,CFO", "Li,Wu,Chief Financial Officer", StringComparison.Ordinal)));

        Assert.Equal(["Acme / Li Wu|A1|Chief Financial Officer|null", "jo.smith@acme.com|A1|VP Sales|Jo.Smith@Acme.com", "kai@gamma.io|A3|Procurement Manager|kai@gamma.io"],
            _ws.Lines("SELECT contact_id, account_id, title, email FROM contacts ORDER BY contact_id"));
        Assert.Contains("Contacts report.csv: no contact_id column, so each contact's id is its 'Email' in lower case, or where that is blank its 'Account Name' "
            + "and its 'First Name' and 'Last Name' joined ('Acme / Jo Smith'); a re-import of the same report updates the same contacts", Assert.Single(first.Files).Notes);
    }

    [Fact]
    public void AContactWithoutEmailOrName_IsRefusedForHavingNoId()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\n"));

        var error = _ws.ImportFails(null, ("contacts.csv", "Full Name,Account,Email\nJo Smith,Acme,jo@acme.com\n,Acme,\n"));

        Assert.Equal("contacts.csv:3: column 'contact_id': the file has no contact_id column and this row's email and name are blank, so it gives the contact no id: "
            + "add the person's email or name, or a contact_id column", Assert.Single(error.Diagnostics).ToString());
    }
}
