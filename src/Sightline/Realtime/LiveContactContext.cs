using Sightline.Segments;
using Sightline.Workspaces;

namespace Sightline.Realtime;

/// <summary>
/// Everything a live account needs besides its own state to answer a contact, loaded once per batch and shared by every
/// account: the live context (feature columns, segment rules, models), the reason-for-contact model, the routing table,
/// and per account the batch side of the reason inputs and of the next best action. Read-only after loading.
/// </summary>
public sealed class LiveContactContext
{
    /// <summary>The batch this was loaded for.</summary>
    public LiveBaselineStamp Stamp => Account.Stamp;

    /// <summary>Feature columns, segment rules and scoring models.</summary>
    public required LiveAccountContext Account { get; init; }

    /// <summary>The reason-for-contact model, or null when the workspace has none yet (see <see cref="ReasonModelNote"/>).</summary>
    public ContactReasonModel? ReasonModel { get; init; }

    /// <summary>Which reason model is loaded, or why there is none, in words.</summary>
    public required string ReasonModelNote { get; init; }

    /// <summary>The routing rules of sightline.yaml, checked against this workspace's feature columns.</summary>
    public required RoutingTable Routing { get; init; }

    /// <summary>Per account, the reason inputs at the end of the batch date (channel and kind empty).</summary>
    public required IReadOnlyDictionary<string, ContactReasonInput> ReasonBaselines { get; init; }

    /// <summary>Per account, its white space and rep-list row.</summary>
    public required IReadOnlyDictionary<string, NextBestActionBaseline> ActionBaselines { get; init; }

    /// <summary>The currency amounts are shown in.</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>Which events of the log this batch counts already (a grain built from it replays only the others).</summary>
    public TouchpointLogInBatch LogInBatch { get; init; } = TouchpointLogInBatch.None;

    /// <summary>Loads the context for the workspace's current batch.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="logInBatch">Which log's events the batch counts: the workspace's own by default (a cluster's silo reads its copy of the cluster log instead).</param>
    /// <exception cref="BadInputException">The feature table is missing, or a stored model, segment rule or routing rule cannot be read.</exception>
    public static LiveContactContext Load(Workspace workspace, Func<Workspace, TouchpointLogInBatch>? logInBatch = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var account = LiveAccountContext.Load(workspace, LiveBaseline.CurrentStamp(workspace));
        ContactReasonModel? model = null;
        string note;
        try
        {
            var (id, loaded) = ContactReasonTrainer.Load(workspace);
            model = loaded;
            note = $"reason model {id}";
        }
        catch (BadInputException e)
        {
            note = $"no reason is predicted: {e.Diagnostics[0].Message}";
        }

        var settings = workspace.Settings;
        return new LiveContactContext
        {
            Account = account,
            ReasonModel = model,
            ReasonModelNote = note,
            Routing = RoutingTable.Build(settings, SegmentEngine.Columns(workspace)),
            ReasonBaselines = ContactReasonData.Baselines(workspace, account.Stamp.AsOf),
            ActionBaselines = NextBestActionData.Baselines(workspace),
            Currency = settings.Currency,
            LogInBatch = (logInBatch ?? TouchpointLogInBatch.Load)(workspace),
        };
    }
}
