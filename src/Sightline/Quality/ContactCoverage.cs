namespace Sightline.Quality;

/// <summary>How well accounts are covered by contacts.</summary>
/// <param name="Accounts">Accounts in the workspace.</param>
/// <param name="WithoutContacts">Accounts with no contact at all.</param>
/// <param name="WithoutContactsShare"><paramref name="WithoutContacts"/> over <paramref name="Accounts"/>.</param>
/// <param name="WithoutDecisionMaker">Accounts with no contact whose buying role is <c>decision_maker</c> (includes those with no contacts).</param>
/// <param name="WithoutDecisionMakerShare"><paramref name="WithoutDecisionMaker"/> over <paramref name="Accounts"/>.</param>
public sealed record ContactCoverage(
    long Accounts,
    long WithoutContacts,
    double WithoutContactsShare,
    long WithoutDecisionMaker,
    double WithoutDecisionMakerShare);
