using Sightline.Tests.Support;

namespace Sightline.Tests.Import;

/// <summary>
/// Reports without an id column: contacts (Salesforce's contact report, a spreadsheet of people) keyed by email, or account
/// and name; activities keyed by their row's values.
/// </summary>
public sealed class ReportWithoutIdsImportTests : IDisposable
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

        Assert.Equal(["Acme / Li Wu|A1|Chief Financial Officer|null", "jo.smith@acme.com|A1|VP Sales|jo.smith@acme.com", "kai@gamma.io|A3|Procurement Manager|kai@gamma.io"],
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

    private const string Activities = "Subject,Date,Assigned,Company / Account,Type,Call Result\n"
        + "Call re renewal,11/02/2026,Ann Lee,Acme,Call,Connected\nSent pricing,11/03/2026,Ann Lee,Acme,Email,\nCall re renewal,11/02/2026,Ann Lee,Acme,Call,Connected\n"
        + "Demo,11/05/2026,Bob Ray,Gamma,Meeting,\n";

    [Fact]
    public void ActivitiesWithoutAnIdColumn_AreKeyedByTheirRowsValues_IdenticalRowsNumbered_AndAReimportAddsNothing()
    {
        _ws.Import(null, ("accounts.csv", "account_id,name\nA1,Acme\nA3,Gamma\n"));

        var first = _ws.Import(null, ("Activities report.csv", Activities));
        var ids = _ws.Lines("SELECT event_id FROM touchpoints ORDER BY event_id");
        var again = _ws.Import(null, ("Activities report.csv", Activities));

        Assert.Equal(["A1|call|Call re renewal|2026-11-02 00:00:00|2", "A1|email|Sent pricing|2026-11-03 00:00:00|1", "A3|meeting|Demo|2026-11-05 00:00:00|1"],
            _ws.Lines("SELECT account_id, channel, kind, occurred_at, count(*) FROM touchpoints GROUP BY ALL ORDER BY ALL"));
        Assert.Equal(4, ids.Count);
        Assert.All(ids, id => Assert.Matches("^row-[0-9a-f]{16}(-2)?$", id));
        Assert.Single(ids, id => id.EndsWith("-2", StringComparison.Ordinal));
        Assert.Equal(ids, _ws.Lines("SELECT event_id FROM touchpoints ORDER BY event_id"));
        Assert.Equal((0L, 4L), (again.Files.Single().RowsInserted, again.Files.Single().RowsUpdated));
        var notes = Assert.Single(first.Files).Notes;
        Assert.Contains("Activities report.csv: no event_id column, so each touch's id is made from its row's values ('row-' and 16 hexadecimal digits); "
            + "a re-import of the same report updates the same touches", notes);
        Assert.Contains("Activities report.csv: 1 row repeats an earlier row in every value: each is kept as a touch of its own, its id numbered after the first's ('-2', '-3')", notes);
    }
}
