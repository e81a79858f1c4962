namespace Sightline.Models.Value;

/// <summary>
/// Where the customer, date and amount are in a plain transactions file. With a header, the columns are found by
/// name; without one, <see cref="Columns"/> names the file's columns in order (<c>_</c> for a column to ignore).
/// </summary>
public sealed record TransactionsFileLayout
{
    /// <summary>The file: comma, semicolon, tab, pipe or whitespace separated.</summary>
    public required string Path { get; init; }

    /// <summary>Names for the columns of a file without a header, in order (e.g. <c>_, customer, date, _, amount</c>); null when the file has a header.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>The customer id column; null tries the usual names (customer, customer id, account id, ..., id) in any case or spacing.</summary>
    public string? CustomerColumn { get; init; }

    /// <summary>The purchase date column (ISO, yyyymmdd, m/d/yyyy or d/m/yyyy, with or without a time); null tries the usual names (date, order date, invoice date, ...).</summary>
    public string? DateColumn { get; init; }

    /// <summary>The amount column; null tries the usual names (amount, revenue, sales, total, ...), then quantity × unit price.</summary>
    public string? AmountColumn { get; init; }
}
