using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sightline.Access;
using Sightline.Workspaces;

namespace Sightline.Server;

/// <summary><c>/api/accounts</c>: search and detail, both limited to the caller's scope in SQL.</summary>
public static class AccountsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/accounts").WithTags("accounts");
        accounts.MapGet("/", (ClaimsPrincipal user, Workspace workspace, string? search, string? segment, string? band, string? territory, string? rep,
                int? page, int? pageSize) =>
                TypedResults.Ok(ScopedQueries.Accounts(workspace, Caller.Scope(user),
                    new AccountQuery(search, segment, band, territory, rep, page ?? 1, pageSize ?? 50))))
            .WithSummary("Searches the accounts you may see: by name or id, segment, band, territory and owner rep; paged, with the total");
        accounts.MapGet("/{id}", Results<Ok<AccountDetail>, ProblemHttpResult> (string id, ClaimsPrincipal user, Workspace workspace) =>
                ScopedQueries.Account(workspace, Caller.Scope(user), id) is { } detail
                    ? TypedResults.Ok(detail)
                    : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such account", detail: $"no account '{id}' that you may see"))
            .WithSummary("One account: features, segments, latest scores with reasons, potential, CLV, contacts by buying role, recent history");
        return api;
    }
}
