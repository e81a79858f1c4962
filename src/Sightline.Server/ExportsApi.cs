using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sightline.Access;
using Sightline.Exports;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary><c>/api/exports</c>: the CRM CSV and the plan workbook of what the caller sees (every account for admins and analysts, a team for a manager, a rep's own); audited.</summary>
public static class ExportsApi
{
    /// <summary>The CSV's content type.</summary>
    public const string CsvType = "text/csv";

    /// <summary>The workbook's content type.</summary>
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapExportsApi(this RouteGroupBuilder api)
    {
        var exports = api.MapGroup("/exports").WithTags("exports");
        exports.MapGet("/crm.csv", (ClaimsPrincipal user, Workspace workspace, TimeProvider clock) =>
                Send(workspace, user, ExportFormat.Csv, CsvType, clock))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The CRM re-import CSV of the accounts the caller sees (every account for admins and analysts, a manager's team, a rep's own; audited)");
        exports.MapGet("/plan.xlsx", (ClaimsPrincipal user, Workspace workspace, TimeProvider clock) =>
                Send(workspace, user, ExportFormat.Xlsx, XlsxType, clock))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The plan workbook of the accounts the caller sees: summary by region and rep, one sheet per rep list in scope (audited)");
        return api;
    }

    /// <summary>Writes the file to a fresh temporary folder and streams it; the file is deleted when the response is done.</summary>
    private static FileStreamHttpResult Send(Workspace workspace, ClaimsPrincipal user, ExportFormat format, string contentType, TimeProvider clock)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sightline-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            var file = AuditedExports.Write(workspace, Caller.User(user), format, directory, clock);
            var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            return TypedResults.File(stream, contentType, Path.GetFileName(file.Path));
        }
        finally
        {
            // The open stream keeps the file readable; the folder itself is not needed any more.
            TryDelete(directory);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // On systems that keep open files from being deleted, DeleteOnClose removes the file; a leftover empty temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
