using System.Globalization;
using System.Text;
using Sightline.Workspaces;

namespace Sightline.Tests.Segments.Performance;

/// <summary>Builds accounts, products and order lines in a workspace with plain SQL inserts.</summary>
public sealed class OrderHistory(Workspace workspace)
{
    private readonly HashSet<string> _accounts = [];
    private readonly HashSet<string> _products = [];
    private int _orders;

    public OrderHistory Account(string id, string? industry = null, string? region = null)
    {
        _accounts.Add(id);
        workspace.Execute($"INSERT INTO accounts (account_id, name, industry, region) VALUES ('{id}', 'Account {id}', {Text(industry)}, {Text(region)})");
        return this;
    }

    public OrderHistory Product(string id, string? family)
    {
        _products.Add(id);
        workspace.Execute($"INSERT INTO products (product_id, name, family) VALUES ('{id}', 'Product {id}', {Text(family)})");
        return this;
    }

    public OrderHistory Order(string account, string date, decimal amount, string product = "P1")
    {
        if (!_accounts.Contains(account))
        {
            Account(account);
        }

        if (!_products.Contains(product))
        {
            Product(product, "F-" + product);
        }

        _orders++;
        workspace.Execute(
            $"INSERT INTO orders (order_id, account_id, product_id, order_date, amount) VALUES ('O{_orders}', '{account}', '{product}', DATE '{date}', {amount.ToString(CultureInfo.InvariantCulture)})");
        return this;
    }

    /// <summary>Inserts many lines in one statement (the property test's histories).</summary>
    public static void InsertLines(Workspace workspace, IReadOnlyList<(string Account, string Product, DateOnly Date, decimal Amount)> lines)
    {
        var sql = new StringBuilder("INSERT INTO orders (order_id, account_id, product_id, order_date, amount) VALUES ");
        for (var i = 0; i < lines.Count; i++)
        {
            var (account, product, date, amount) = lines[i];
            sql.Append(CultureInfo.InvariantCulture,
                $"{(i == 0 ? "" : ", ")}('O{i}', '{account}', '{product}', DATE '{date:yyyy-MM-dd}', {amount.ToString(CultureInfo.InvariantCulture)})");
        }

        workspace.Execute(sql.ToString());
    }

    private static string Text(string? value) => value is null ? "NULL" : $"'{value}'";
}
