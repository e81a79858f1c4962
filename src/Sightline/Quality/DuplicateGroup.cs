namespace Sightline.Quality;

/// <summary>Accounts that look like the same company.</summary>
/// <param name="Reason"><c>domain</c> (same normalised domain) or <c>name</c> (same normalised name).</param>
/// <param name="Key">The normalised domain or name they share.</param>
/// <param name="Size">Accounts in the group.</param>
/// <param name="AccountIds">The account ids, sorted (at most the first 100).</param>
/// <param name="Names">The accounts' names as loaded, in the order of <paramref name="AccountIds"/>.</param>
public sealed record DuplicateGroup(string Reason, string Key, long Size, IReadOnlyList<string> AccountIds, IReadOnlyList<string> Names);
