using System.Globalization;
using Sightline.Features;
using Sightline.Segments;
using Sightline.Segments.Rules;
using Sightline.Workspaces;

namespace Sightline.Access;

/// <summary>A segment as saved, with how many accounts its rule matches on the current feature table.</summary>
public sealed record SavedSegment(string Name, string? Description, string Rule, string? Parent, int Priority, long Accounts, bool Created);

/// <summary>
/// Segment definitions edited by people through a host: admins and analysts create, update and delete segments in
/// <c>sightline.yaml</c> (rule checked by the segment parser first; the file's comments kept), each change audited.
/// </summary>
public static class SegmentEdits
{
    private static readonly Lock FileGate = new();

    /// <summary>Creates the segment or replaces the one of the same name, and returns it with its count.</summary>
    /// <exception cref="ActionRefusedException">The caller is not an admin or analyst.</exception>
    /// <exception cref="RuleSyntaxException">The rule does not parse or names unknown columns or segments.</exception>
    /// <exception cref="BadInputException">Invalid name, unknown parent, a segment its own parent or a cycle of parents, or the file would not load.</exception>
    public static SavedSegment Save(Workspace workspace, UserAccount user, SegmentDefinition segment, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(clock);
        RequireEditor(user);

        // Checked before the text is written, so no name or parent can carry YAML of its own into the file.
        if (!SegmentDefinition.IsValidName(segment.Name))
        {
            throw new BadInputException(new Diagnostic("name", null, null, segment.Name,
                SegmentDefinition.NameExpected));
        }

        if (string.IsNullOrWhiteSpace(segment.Rule))
        {
            throw new BadInputException(new Diagnostic("rule", null, null, null, "a rule is required"));
        }

        lock (FileGate)
        {
            var existing = workspace.Settings.Segments;
            SegmentEngine.RefuseParent(existing, segment);
            var created = existing.All(s => s.Name != segment.Name);
            var columns = SegmentEngine.Columns(workspace);
            var rules = existing.ToDictionary(s => s.Name, s => s.Rule, StringComparer.Ordinal);
            rules[segment.Name] = segment.Rule;
            var compiled = RuleCompiler.Compile(RuleParser.Parse(segment.Rule, columns, segment.Name), columns, FeatureTable.AsOf(workspace), rules, ruleName: segment.Name);

            // Counted before the file is written: a rule the engine cannot run must not stay behind in sightline.yaml.
            var accounts = DbRows.Count(workspace, $"SELECT count(*) FROM {FeatureBuilder.Table} WHERE coalesce({compiled.Sql}, false)", [.. compiled.Parameters]);
            ProjectFile.SaveSegment(workspace.Directory, segment);
            workspace.ReloadSettings();
            AuditLog.Write(workspace, clock, user.Name, created ? "segment_created" : "segment_updated", segment.Name,
                string.Create(CultureInfo.InvariantCulture, $"rule: {segment.Rule}; parent: {segment.Parent ?? "(none)"}; priority: {segment.Priority}"));
            return new SavedSegment(segment.Name, segment.Description, segment.Rule, segment.Parent, segment.Priority, accounts, created);
        }
    }

    /// <summary>Deletes a segment from <c>sightline.yaml</c>; its past runs stay in the tables.</summary>
    /// <exception cref="ActionRefusedException">Not an admin or analyst (Forbidden), or no such segment (NotFound).</exception>
    /// <exception cref="BadInputException">Other segments name it as their parent, or it is written in a form the editor cannot find.</exception>
    public static void Delete(Workspace workspace, UserAccount user, string name, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(clock);
        RequireEditor(user);
        lock (FileGate)
        {
            var found = workspace.Settings.Segments.FirstOrDefault(s => s.Name == name)
                ?? throw new ActionRefusedException(ActionRefusal.NotFound, $"no segment '{name}' in {ProjectSettings.FileName}");
            var children = workspace.Settings.Segments.Where(s => s.Parent == name).Select(s => s.Name).ToList();
            if (children.Count > 0)
            {
                throw new BadInputException(new Diagnostic("name", null, null, name,
                    $"segment '{name}' is the parent of {string.Join(", ", children)}: delete or re-parent them first"));
            }

            if (!ProjectFile.RemoveSegment(workspace.Directory, name))
            {
                throw new BadInputException(new Diagnostic(ProjectSettings.FileName, null, "segments", name,
                    "this segment is not written as a block entry ('- name: ...'), so it cannot be removed here: edit the file"));
            }

            workspace.ReloadSettings();
            AuditLog.Write(workspace, clock, user.Name, "segment_deleted", name, $"rule was: {found.Rule}");
        }
    }

    private static void RequireEditor(UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Role is not (UserRole.Admin or UserRole.Analyst))
        {
            throw new ActionRefusedException(ActionRefusal.Forbidden, "only admins and analysts define segments");
        }
    }
}
