using System.Globalization;
using Sightline.Exports;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>
/// Exports asked for through a host: the whole workspace's CRM CSV or plan workbook, for admins and analysts only
/// (an export carries every account, so it is not cut to a team), each one audited.
/// </summary>
public static class AuditedExports
{
    /// <summary>Writes one export file into <paramref name="directory"/> and records who took it in <c>audit_log</c>.</summary>
    /// <exception cref="ActionRefusedException">The caller is not an admin or analyst.</exception>
    public static ExportedFile Write(Workspace workspace, UserAccount user, ExportFormat format, string directory, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        if (user.Role is not (UserRole.Admin or UserRole.Analyst))
        {
            throw new ActionRefusedException(ActionRefusal.Forbidden, "exports hold every account of the workspace, so only admins and analysts take them");
        }

        if (format is not (ExportFormat.Csv or ExportFormat.Xlsx))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "expected Csv or Xlsx");
        }

        var result = PlanExport.Run(workspace, directory, format, clock);
        var file = result.Files.Single();
        AuditLog.Write(workspace, clock, user.Name, "export", Path.GetFileName(file.Path), string.Create(CultureInfo.InvariantCulture,
            $"{file.Format}: {file.Rows:N0} rows{(file.Sheets > 0 ? $" on {file.Sheets} sheets" : "")} of {result.Accounts:N0} accounts (run {result.RunId})"));
        return file;
    }
}
