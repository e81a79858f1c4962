namespace Sightline.Quality;

/// <summary>The data-quality report of a workspace (see docs/quality.md).</summary>
/// <param name="Score">0..100; 100 means no problem found. One decimal.</param>
/// <param name="AsOf">The date staleness is measured from.</param>
/// <param name="AsOfFromData">True when <paramref name="AsOf"/> is the latest activity date in the data, false when given or taken from the clock.</param>
/// <param name="Accounts">Accounts in the workspace.</param>
/// <param name="Issues">Problems, biggest score penalty first.</param>
/// <param name="Tables">Per-table column profiles, in canonical load order.</param>
/// <param name="Duplicates">Duplicate account groups, biggest first (at most 1,000 listed).</param>
/// <param name="DuplicateGroups">All duplicate groups found (domain and name).</param>
/// <param name="DuplicateAccounts">Accounts in at least one duplicate group.</param>
/// <param name="Orphans">Every reference between tables with its unresolved rows.</param>
/// <param name="Contacts">Contact and decision-maker coverage of accounts.</param>
/// <param name="Stale">Accounts without recent activity.</param>
/// <param name="NegativeAmountOrders">Order lines with a negative amount (returns or credits).</param>
/// <param name="Rejects">Rows rejected at import, per file and reason (at most 200 listed).</param>
/// <param name="RejectedRows">All rows rejected at import.</param>
/// <param name="Flags">Import flags per table, column and kind.</param>
public sealed record QualityReport(
    double Score,
    DateOnly AsOf,
    bool AsOfFromData,
    long Accounts,
    IReadOnlyList<QualityIssue> Issues,
    IReadOnlyList<TableProfile> Tables,
    IReadOnlyList<DuplicateGroup> Duplicates,
    long DuplicateGroups,
    long DuplicateAccounts,
    IReadOnlyList<OrphanRelation> Orphans,
    ContactCoverage Contacts,
    StaleAccounts Stale,
    long NegativeAmountOrders,
    IReadOnlyList<RejectSummary> Rejects,
    long RejectedRows,
    IReadOnlyList<FlagSummary> Flags);
