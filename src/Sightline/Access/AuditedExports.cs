using System.Globalization;
using Sightline.Exports;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>
/// Exports asked for through a host: the CRM CSV or the plan workbook of what the caller sees (the whole workspace for
/// admins and analysts, a manager's team, a rep's own accounts), each one audited.
/// </summary>
public static class AuditedExports
{
    /// <summary>
    /// Writes one export file into <paramref name="directory"/> and records who took it in <c>audit_log</c>. Admins and analysts
    /// get every account; a manager its team's accounts, lists and rep quotas, a rep its own (the scope it sees everywhere else).
    /// </summary>
    /// <exception cref="BadInputException">The caller's scope holds no accounts.</exception>
    public static ExportedFile Write(Workspace workspace, UserAccount user, ExportFormat format, string directory, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        if (format is not (ExportFormat.Csv or ExportFormat.Xlsx))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "expected Csv or Xlsx");
        }

        var scope = AccessScope.For(user);
        var result = PlanExport.Run(workspace, directory, format, clock, scope);
        var file = result.Files.Single();
        AuditLog.Write(workspace, clock, user.Name, "export", Path.GetFileName(file.Path), string.Create(CultureInfo.InvariantCulture,
            $"{file.Format}: {Counted.Of(file.Rows, "row")}{(file.Sheets > 0 ? $" on {Counted.Of(file.Sheets, "sheet")}" : "")} of {Counted.Of(result.Accounts, "account")}"
            + $"{(scope.SeesAll ? "" : $", {scope.Describe()}")} (run {result.RunId})"));
        return file;
    }
}
