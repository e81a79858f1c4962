namespace Sightline.Import;

/// <summary>The part of a list of companies and people a read of it loads.</summary>
internal enum PartnerPart
{
    /// <summary>Its companies, as accounts.</summary>
    Companies,

    /// <summary>Its people, as contacts of their company.</summary>
    People,
}

public sealed partial class Importer
{
    /// <summary>Headers (normalised) of the column that tells a company from a person in one list of both (Odoo's "Is a Company", "Company Type").</summary>
    private static readonly string[] CompanyFlagHeaders = ["isacompany", "iscompany", "companytype"];

    /// <summary>
    /// A list of companies and people in one file (Odoo's contacts, the res.partner model: "Is a Company" or "Company
    /// Type" beside "Related Company"), named for accounts or contacts, is read twice: its companies as accounts, then its
    /// people as contacts of their related company. Each read skips the other's rows with a note, so lines keep their
    /// numbers in messages.
    /// </summary>
    private List<InputFile> SplitPartners(List<InputFile> files, string tempDirectory)
    {
        var result = new List<InputFile>(files.Count);
        foreach (var file in files)
        {
            if (file.Table is "accounts" or "contacts" && file.Companion is null && file.Part is null && HasCompanyFlag(file, tempDirectory))
            {
                result.Add(file with { Name = $"{file.Name} (companies)", Table = "accounts", Part = PartnerPart.Companies });
                result.Add(file with { Name = $"{file.Name} (people)", Table = "contacts", Part = PartnerPart.People });
            }
            else
            {
                result.Add(file);
            }
        }

        return result;
    }

    private bool HasCompanyFlag(InputFile file, string tempDirectory)
    {
        try
        {
            return new SourceFile(_workspace, file.Path, tempDirectory, file.Name).Headers().Any(h => CompanyFlagHeaders.Contains(ColumnMapper.Normalise(h)));
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return false; // staging the file says why
        }
    }

    /// <summary>The positions of the headers a contacts file reads as a person's company ("Related Company", "Company Name").</summary>
    private HashSet<int> PersonsCompanyColumns(IReadOnlyList<string> headers, string file) =>
        [.. MapAs("contacts", headers, file).Where(m => !m.IsCustom && m.Column == "account_id").Select(m => m.Position)];

    /// <summary>
    /// In one part of a list of companies and people, skips the other part's rows, and in the people's part those without a
    /// company (a contact belongs to an account), each kind with a note naming its lines. The flag, and the columns only the
    /// other part fills (a person's job position among the companies), are not kept as attributes.
    /// </summary>
    private void KeepOwnPartners(FileStage stage)
    {
        if (stage.Part is not { } part || stage.Customs.FirstOrDefault(c => CompanyFlagHeaders.Contains(ColumnMapper.Normalise(c.Header))) is not { } flag)
        {
            return;
        }

        var isCompany = $"coalesce(lower(trim(r{flag.Position})) IN ('true', 't', 'yes', 'y', '1', 'x', 'company'), false)";
        var kinds = new List<(string Condition, Func<long, string, string> Note)>();
        if (part == PartnerPart.Companies)
        {
            kinds.Add(($"NOT {isCompany}", (n, lines) => $"{Counted(n, "person", "people")} ({lines}) whose '{flag.Header}' is no company: read as contacts, not accounts"));
        }
        else
        {
            kinds.Add((isCompany, (n, lines) => $"{Counted(n, "company", "companies")} ({lines}) whose '{flag.Header}' says so: read as accounts, not contacts"));
            if (stage.Canonical.TryGetValue("account_id", out var company))
            {
                kinds.Add(("t_account_id IS NULL",
                    (n, lines) => $"{Counted(n, "person", "people")} ({lines}) without a '{company.Header}': no contact of an account, skipped"));
            }
        }

        SkipRows(stage, kinds);
        stage.Customs.Remove(flag);
        var customs = stage.Customs.ToList();
        if (customs.Count > 0)
        {
            var filled = FilledCounts(customs);
            stage.Customs.RemoveAll(c => filled[customs.IndexOf(c)] == 0);
        }
    }
}
