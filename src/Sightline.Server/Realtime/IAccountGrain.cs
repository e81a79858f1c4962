namespace Sightline.Server.Realtime;

/// <summary>One account's live state (key: account_id). It applies each logged touch exactly once and answers with segments, reason, route and action.</summary>
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Applies a logged touch (a sequence applied before is not applied again) and answers.</summary>
    Task<TouchpointAnswer> Apply(AccountTouch touch);

    /// <summary>The live state now (after replaying any logged touch not yet applied).</summary>
    Task<AccountLiveView> Live();
}
