using Sightline.Access;
using Sightline.Models.Questionnaires;
using Sightline.Tests.Support;

namespace Sightline.Tests.Web;

/// <summary>Before any step has run, the leaders' reads are empty and say which command fills each part.</summary>
public sealed class LeadersEmptyWorkspaceTests
{
    private static readonly AccessScope Admin = new(UserRole.Admin, null);

    [Fact]
    public void Dashboard_of_a_fresh_workspace_names_the_commands_that_fill_it()
    {
        using var test = new TestWorkspace();
        var view = DashboardQueries.Read(test.Workspace, Admin);
        Assert.Equal(0, view.Accounts);
        Assert.Empty(view.ByRegion);
        Assert.Null(view.Bands.RunId);
        Assert.Equal(3, view.Bands.Bands.Count);
        Assert.Empty(view.Bridge.Periods);
        Assert.Null(view.Lift.ModelId);
        foreach (var command in new[] { "sightline potential", "sightline score", "sightline performance" })
        {
            Assert.Contains(view.Missing, m => m.Contains(command, StringComparison.Ordinal) && m.Contains(test.WorkspaceDirectory, StringComparison.Ordinal));
        }

        var manager = DashboardQueries.Read(test.Workspace, new AccessScope(UserRole.Manager, "R1"));
        Assert.Empty(manager.Bridge.Periods);
    }

    [Fact]
    public void Plans_and_questionnaire_of_a_fresh_workspace_are_absent_not_errors()
    {
        using var test = new TestWorkspace();
        var territories = PlanViews.Territories(test.Workspace, Admin);
        Assert.Null(territories.RunId);
        Assert.Empty(territories.Scenarios);
        Assert.Empty(PlanViews.Headcount(test.Workspace, Admin));
        Assert.Null(ScopedQueries.Quotas(test.Workspace, Admin).RunId);
        Assert.Null(QuestionnaireForm.Latest(test.Workspace));
        Assert.Empty(QuestionnaireForm.Targets(test.Workspace));
    }
}
