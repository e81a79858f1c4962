using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Sightline.Segments.Rules;

namespace Sightline.Server;

/// <summary>Turns the core's bad-input and rule errors, refusals and bad requests into ProblemDetails with their positions; anything else stays a 500.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = exception switch
        {
            BadInputException bad => Problems.BadInput(bad),
            RuleSyntaxException rule => Problems.Rule(rule),
            Sightline.Access.ActionRefusedException refused => Problems.Refused(refused),

            // Binding failures (a malformed body, a form without its antiforgery token) are the client's fault.
            BadHttpRequestException { InnerException: System.Text.Json.JsonException json } => Problems.BadInput(BindingProblems.Body(json, httpContext)),
            BadHttpRequestException request when BindingProblems.Parameter(request) is { } parameter => Problems.BadInput(parameter),
            BadHttpRequestException request => new ProblemDetails { Status = request.StatusCode, Title = "Bad request", Detail = request.Message },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false);
    }
}

/// <summary>The ProblemDetails the API answers with.</summary>
public static class Problems
{
    /// <summary>400 for bad input, with each diagnostic (where, value, what was expected).</summary>
    public static ProblemDetails BadInput(BadInputException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Bad input",
            Detail = e.Message,
            Extensions = { ["diagnostics"] = e.Diagnostics.Select(d => new { source = d.File, line = d.Line, column = d.Column, value = d.Value, message = d.Message }).ToList() },
        };
    }

    /// <summary>404, 403 or 409 for a write the caller may not make, with the reason.</summary>
    public static ProblemDetails Refused(Sightline.Access.ActionRefusedException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var (status, title) = e.Refusal switch
        {
            Sightline.Access.ActionRefusal.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            Sightline.Access.ActionRefusal.Forbidden => (StatusCodes.Status403Forbidden, "Not allowed for your role"),
            _ => (StatusCodes.Status409Conflict, "Already decided"),
        };
        return new ProblemDetails { Status = status, Title = title, Detail = e.Message };
    }

    /// <summary>400 for a rule that does not parse, with its 1-based line and column.</summary>
    public static ProblemDetails Rule(RuleSyntaxException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The rule is not valid",
            Detail = e.Message,
            Extensions = { ["line"] = e.Line, ["column"] = e.Column },
        };
    }
}
