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

    /// <summary>The customer id column; null tries customer, customer_id, account_id, id.</summary>
    public string? CustomerColumn { get; init; }

    /// <summary>The purchase date column (yyyy-mm-dd, yyyymmdd or a timestamp); null tries date, order_date, purchase_date, transaction_date.</summary>
    public string? DateColumn { get; init; }

    /// <summary>The amount column; null tries amount, dollars, revenue, sales, spend, value.</summary>
    public string? AmountColumn { get; init; }
}
