using Sightline.Workspaces;

namespace Sightline.Features;

/// <summary>Checks that later steps can read the feature table.</summary>
public static class FeatureTable
{
    /// <summary>Throws bad input when <c>account_features</c> has not been built yet.</summary>
    public static void Require(Workspace workspace)
    {
        if (!workspace.TableExists(FeatureBuilder.Table))
        {
            throw new BadInputException(workspace.Directory, $"no {FeatureBuilder.Table} yet; build them first with: sightline features --workspace {workspace.Directory}");
        }
    }

    /// <summary>The as-of date of the feature table (from the latest features run).</summary>
    public static DateOnly AsOf(Workspace workspace)
    {
        Require(workspace);
        return DbValues.Date(workspace.Scalar("SELECT as_of FROM runs WHERE kind = 'features' ORDER BY started_at DESC LIMIT 1"))
            ?? throw new BadInputException(workspace.Directory, $"{FeatureBuilder.Table} has no recorded run; rebuild it with: sightline features");
    }
}
