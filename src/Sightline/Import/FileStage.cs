using Sightline.Data;

namespace Sightline.Import;

/// <summary>A file read into its staging table and checked on its own, waiting to be written.</summary>
internal sealed class FileStage(SourceFile source, TableSpec table, IReadOnlyList<MappedColumn> mapped, StagingPlan plan,
    IReadOnlyList<string> headers, string stagingTable, string errorTable)
{
    public SourceFile Source { get; } = source;

    public TableSpec Table { get; } = table;

    public StagingPlan Plan { get; } = plan;

    public IReadOnlyList<string> Headers { get; } = headers;

    public Dictionary<string, MappedColumn> Canonical { get; } = mapped.Where(m => !m.IsCustom).ToDictionary(m => m.Column);

    public List<MappedColumn> Customs { get; } = mapped.Where(m => m.IsCustom).ToList();

    public string StagingTable { get; } = stagingTable;

    public string ErrorTable { get; } = errorTable;

    public long RowBase { get; set; }

    public long Staged { get; set; }

    /// <summary>Rows of delimiters only, staged and then deleted: the file's well-formed records are these and <see cref="Staged"/>.</summary>
    public long DelimiterOnlyRows { get; set; }

    /// <summary>Records marked deleted (Salesforce's ISDELETED), staged and then deleted, like <see cref="DelimiterOnlyRows"/>.</summary>
    public long DeletedRecords { get; set; }

    /// <summary>
    /// Salesforce records that are no rows of the table (tasks and events that are no touches; lines of draft, cancelled or
    /// deleted orders), staged and then deleted, like <see cref="DeletedRecords"/>.
    /// </summary>
    public long SkippedRows { get; set; }

    /// <summary>
    /// The Salesforce file read with this one, else null: for order lines their order headers (Order.csv), for opportunities
    /// their lines (OpportunityLineItem.csv) where the products were read from them.
    /// </summary>
    public string? Companion { get; set; }

    /// <summary>For one part of a list of companies and people, which part (the other part's rows are skipped); else null.</summary>
    public PartnerPart? Part { get; init; }

    /// <summary>The file's well-formed records: those staged, and those staged and then set aside as no rows.</summary>
    public long WellFormedRecords => Staged + DelimiterOnlyRows + DeletedRecords + SkippedRows;

    public long MalformedCount { get; set; }

    /// <summary>For an accounts file keyed by a buyer's unique id, its own-id and unique-id columns as the file maps them (<see cref="Importer"/>'s OneAccountPerBuyer).</summary>
    public (MappedColumn Own, MappedColumn Unique)? BuyerIds { get; init; }

    /// <summary>The temporary table of the other ids the file gives its accounts, written with them; else null.</summary>
    public string? AliasTable { get; set; }

    public Dictionary<string, string> CustomTypes { get; set; } = [];

    /// <summary>Why a new custom column has the type it has where its values first suggest another (a number kept exactly), by column.</summary>
    public Dictionary<string, string> CustomTypeReasons { get; } = [];

    /// <summary>The custom columns whose type an earlier import set (the table has them): this file's values must fit it.</summary>
    public HashSet<string> CustomTypesSetEarlier { get; } = [];

    /// <summary>Set when the header lacks required columns: every row is then rejected with this reason.</summary>
    public string? MissingColumns { get; set; }
}
