using System.Globalization;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>An outcome recorded on an account.</summary>
public sealed record OutcomeView(string OutcomeId, string AccountId, string Outcome, string Reason, string RecordedBy, string? RepId, DateTime RecordedAt);

/// <summary>A rep's request to re-prioritise an account on its list, and the manager's decision.</summary>
public sealed record OverrideView(string OverrideId, string AccountId, string RepId, string Action, string Reason, string RequestedBy,
    DateTime RequestedAt, string Status, string? DecidedBy, DateTime? DecidedAt, string? DecisionNote);

/// <summary>Why a write was refused, for hosts to map to a status code.</summary>
public enum ActionRefusal
{
    /// <summary>The account or override is outside the caller's scope, or does not exist.</summary>
    NotFound,

    /// <summary>The caller's role may not do this.</summary>
    Forbidden,

    /// <summary>The override was already decided.</summary>
    Conflict,
}

/// <summary>A refused write: what kind and why, in words.</summary>
public sealed class ActionRefusedException(ActionRefusal refusal, string message) : Exception(message)
{
    /// <summary>What kind of refusal.</summary>
    public ActionRefusal Refusal { get; } = refusal;
}

/// <summary>
/// What people record on accounts: outcomes (won, lost, not pursued; always with a reason) by reps, managers and admins,
/// and list overrides: a rep asks to promote, demote or remove an account on its list, only with a reason, and a manager
/// of that rep (or an admin) approves or rejects it. Every write is checked against the caller's scope and audited.
/// </summary>
public static class Actions
{
    /// <summary>Outcome names.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["won", "lost", "not_pursued"];

    /// <summary>Override actions.</summary>
    public static readonly IReadOnlyList<string> OverrideActions = ["promote", "demote", "remove"];

    /// <summary>The shortest reason accepted: a word or two is not a reason.</summary>
    public const int MinReasonLength = 10;

    /// <summary>Records an outcome on an account in scope.</summary>
    /// <exception cref="ActionRefusedException">An analyst (read-only), or the account is outside the scope.</exception>
    /// <exception cref="BadInputException">Unknown outcome or a missing or too short reason.</exception>
    public static OutcomeView RecordOutcome(Workspace workspace, UserAccount user, string accountId, string outcome, string reason, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        if (user.Role == UserRole.Analyst)
        {
            throw new ActionRefusedException(ActionRefusal.Forbidden, "analysts read; outcomes are recorded by the reps and managers who work the account");
        }

        var scope = AccessScope.For(user);
        RequireAccount(workspace, scope, accountId);
        var kind = (outcome ?? "").Trim().ToLowerInvariant().Replace(' ', '_');
        if (!Outcomes.Contains(kind))
        {
            throw new BadInputException(new Diagnostic("outcome", null, null, outcome, $"expected one of {string.Join(", ", Outcomes)}"));
        }

        var why = RequireReason(reason);
        var view = new OutcomeView(NewId("out"), accountId, kind, why, user.Name, user.RepId, clock.GetUtcNow().UtcDateTime);
        DbRows.Read(workspace, "INSERT INTO account_outcomes VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING outcome_id",
            view.OutcomeId, view.AccountId, view.Outcome, view.Reason, view.RecordedBy, view.RepId, view.RecordedAt);
        AuditLog.Write(workspace, clock, user.Name, "outcome", accountId, $"{kind}: {why}");
        return view;
    }

    /// <summary>A rep asks to re-prioritise an account in its scope; the request waits for a manager.</summary>
    /// <exception cref="ActionRefusedException">Not a rep, or the account is outside its scope.</exception>
    /// <exception cref="BadInputException">Unknown action or a missing or too short reason.</exception>
    public static OverrideView RequestOverride(Workspace workspace, UserAccount user, string accountId, string action, string reason, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        if (user.Role != UserRole.Rep || user.RepId is null)
        {
            throw new ActionRefusedException(ActionRefusal.Forbidden, "only reps ask to re-prioritise their list; managers approve or reject");
        }

        RequireAccount(workspace, AccessScope.For(user), accountId);
        var kind = (action ?? "").Trim().ToLowerInvariant();
        if (!OverrideActions.Contains(kind))
        {
            throw new BadInputException(new Diagnostic("action", null, null, action, $"expected one of {string.Join(", ", OverrideActions)}"));
        }

        var why = RequireReason(reason);
        var view = new OverrideView(NewId("ovr"), accountId, user.RepId, kind, why, user.Name, clock.GetUtcNow().UtcDateTime, "pending", null, null, null);
        DbRows.Read(workspace, "INSERT INTO list_overrides VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, NULL) RETURNING override_id",
            view.OverrideId, view.AccountId, view.RepId, view.Action, view.Reason, view.RequestedBy, view.RequestedAt, view.Status);
        AuditLog.Write(workspace, clock, user.Name, "override_requested", accountId, $"{kind}: {why}");
        return view;
    }

    /// <summary>A manager of the requesting rep (or an admin) approves or rejects a pending override.</summary>
    /// <exception cref="ActionRefusedException">Not a manager or admin; the override is not of the manager's team; or already decided.</exception>
    public static OverrideView Decide(Workspace workspace, UserAccount user, string overrideId, bool approve, string? note, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        if (user.Role is not (UserRole.Manager or UserRole.Admin))
        {
            throw new ActionRefusedException(ActionRefusal.Forbidden, "only a manager of the rep (or an admin) decides on an override");
        }

        var scope = AccessScope.For(user);
        var found = Overrides(workspace, scope, null).FirstOrDefault(o => o.OverrideId == overrideId)
            ?? throw new ActionRefusedException(ActionRefusal.NotFound, $"no override '{overrideId}' of your team");
        if (user.Role == UserRole.Manager && found.RepId == user.RepId)
        {
            throw new ActionRefusedException(ActionRefusal.Forbidden, "a manager does not decide on their own request");
        }

        if (found.Status != "pending")
        {
            throw new ActionRefusedException(ActionRefusal.Conflict, $"override '{overrideId}' was already {found.Status} by {found.DecidedBy}");
        }

        var status = approve ? "approved" : "rejected";
        var at = clock.GetUtcNow().UtcDateTime;
        var text = string.IsNullOrWhiteSpace(note) ? null : RequireText("note", note.Trim());
        DbRows.Read(workspace, """
            UPDATE list_overrides SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5
            WHERE override_id = $1 AND status = 'pending' RETURNING override_id
            """, overrideId, status, user.Name, at, text);
        AuditLog.Write(workspace, clock, user.Name, "override_" + status, found.AccountId,
            $"{found.Action} requested by {found.RequestedBy}{(text is null ? "" : ": " + text)}");
        return found with { Status = status, DecidedBy = user.Name, DecidedAt = at, DecisionNote = text };
    }

    /// <summary>The statuses an override goes through.</summary>
    public static readonly IReadOnlyList<string> OverrideStatuses = ["pending", "approved", "rejected"];

    /// <summary>Overrides the scope covers (a rep its own, a manager its team's, admins and analysts all), newest first; optionally one status.</summary>
    /// <exception cref="BadInputException">A status that is none of <see cref="OverrideStatuses"/>.</exception>
    public static List<OverrideView> Overrides(Workspace workspace, AccessScope scope, string? status)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        if (!string.IsNullOrWhiteSpace(status) && !OverrideStatuses.Contains(status.Trim().ToLowerInvariant()))
        {
            // A misspelt status answered an empty list, as if nothing were waiting.
            throw new BadInputException(new Diagnostic("status", null, null, status, $"not a status; expected one of {string.Join(", ", OverrideStatuses)}"));
        }

        return DbRows.Read(workspace, $"""
            SELECT * FROM list_overrides WHERE {scope.RepCondition("rep_id")} AND ($1 IS NULL OR status = $1)
            ORDER BY requested_at DESC, override_id
            """, string.IsNullOrWhiteSpace(status) ? null : status.Trim().ToLowerInvariant())
            .Select(r => new OverrideView((string)r["override_id"]!, (string)r["account_id"]!, (string)r["rep_id"]!, (string)r["action"]!, (string)r["reason"]!,
                (string)r["requested_by"]!, (DateTime)r["requested_at"]!, (string)r["status"]!, r["decided_by"] as string, r["decided_at"] as DateTime?,
                r["decision_note"] as string)).ToList();
    }

    /// <summary>The outcomes recorded on an account in scope, newest first; null when the account is outside the scope.</summary>
    public static List<OutcomeView>? AccountOutcomes(Workspace workspace, AccessScope scope, string accountId)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(scope);
        if (!InScope(workspace, scope, accountId))
        {
            return null;
        }

        return DbRows.Read(workspace, "SELECT * FROM account_outcomes WHERE account_id = $1 ORDER BY recorded_at DESC, outcome_id", accountId)
            .Select(r => new OutcomeView((string)r["outcome_id"]!, (string)r["account_id"]!, (string)r["outcome"]!, (string)r["reason"]!,
                (string)r["recorded_by"]!, r["rep_id"] as string, (DateTime)r["recorded_at"]!)).ToList();
    }

    private static bool InScope(Workspace workspace, AccessScope scope, string accountId) => ScopedQueries.Sees(workspace, scope, accountId);

    private static void RequireAccount(Workspace workspace, AccessScope scope, string accountId)
    {
        if (!InScope(workspace, scope, accountId))
        {
            throw new ActionRefusedException(ActionRefusal.NotFound, $"no account '{accountId}' that you may see");
        }
    }

    private static string RequireReason(string? reason)
    {
        var text = (reason ?? "").Trim();
        if (text.Length < MinReasonLength)
        {
            throw new BadInputException(new Diagnostic("reason", null, null, text.Length == 0 ? null : RequireText("reason", text),
                text.Length == 0 ? "a reason is required" : $"give a reason of at least {MinReasonLength} characters, in words a manager can check"));
        }

        return RequireText("reason", text);
    }

    /// <summary>The longest reason or note accepted: a paragraph, not a document.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>
    /// A reason or note as stored: at most <see cref="MaxTextLength"/> characters and no control character but tabs and
    /// line breaks (DuckDB cuts a text at U+0000, so the audit and the row would keep only its start).
    /// </summary>
    private static string RequireText(string source, string text)
    {
        if (text.Length > MaxTextLength)
        {
            throw new BadInputException(new Diagnostic(source, null, null, text[..40] + "...",
                string.Create(CultureInfo.InvariantCulture, $"is {text.Length:N0} characters long; at most {MaxTextLength:N0} are accepted")));
        }

        var at = text.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        while (at >= 0 && text[at] is '\t' or '\r' or '\n')
        {
            var next = text.AsSpan(at + 1).IndexOfAnyInRange('\0', '\u001f');
            at = next < 0 ? -1 : at + 1 + next;
        }

        if (at >= 0)
        {
            throw new BadInputException(new Diagnostic(source, null, null, null,
                string.Create(CultureInfo.InvariantCulture, $"holds the control character U+{(int)text[at]:X4} at position {at + 1}; a text may hold tabs and line breaks, no other control character")));
        }

        return text;
    }

    private static string NewId(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{Guid.NewGuid():N}")[..(prefix.Length + 13)];
}
