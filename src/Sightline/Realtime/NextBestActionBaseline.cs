namespace Sightline.Realtime;

/// <summary>The batch side of one account's next best action: its white space per family and its rep-list row.</summary>
/// <param name="WhiteSpace">White space per family, largest first.</param>
/// <param name="RepList">Its row on its rep's list, when it is on one.</param>
public sealed record NextBestActionBaseline(IReadOnlyList<FamilyWhiteSpace> WhiteSpace, RepListAction? RepList);
