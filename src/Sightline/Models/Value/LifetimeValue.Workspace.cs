using System.Globalization;
using Sightline.Runs;
using Sightline.Workspaces;

namespace Sightline.Models.Value;

/// <summary>Workspace mode: values the accounts from their orders and stores the result per run.</summary>
public static partial class LifetimeValue
{
    /// <summary>The table per-account values are written to (one row per account and run, never replaced).</summary>
    public const string Table = "account_clv";

    /// <summary>The run kind recorded in <c>runs</c>.</summary>
    public const string RunKind = "clv";

    // Orders with a positive amount are purchases; returns and credits (amount <= 0) are left out.
    private static string Orders(Workspace workspace) =>
        $"(SELECT account_id AS customer, order_date AS date, amount, NULL::BIGINT AS ord FROM {Data.Purchases.Source(workspace)} WHERE amount > 0)";

    /// <summary>
    /// Fits BG/NBD and Gamma-Gamma to the workspace's orders (account_id, order_date, amount &gt; 0), writes one
    /// <see cref="Table"/> row per account with an order up to the calibration end, and records the run.
    /// </summary>
    /// <exception cref="BadInputException">No orders, bad dates or options, or orders the models cannot be fitted to.</exception>
    public static ClvResult FromWorkspace(Workspace workspace, ClvOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        var started = (clock ?? TimeProvider.System).GetUtcNow();

        // Say why there is nothing to fit: no orders at all, or only returns, credits and zero lines.
        var lines = Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {Data.Purchases.Source(workspace)}"), CultureInfo.InvariantCulture);
        if (lines > 0 && Convert.ToInt64(workspace.Scalar($"SELECT count(*) FROM {Orders(workspace)}"), CultureInfo.InvariantCulture) == 0)
        {
            throw new BadInputException(workspace.Directory, string.Create(CultureInfo.InvariantCulture,
                $"no transactions to fit: none of the {lines:N0} order lines has an amount above 0 (returns, credits and zero-amount lines are no purchase)"));
        }

        var result = Run(workspace.Connection, Orders(workspace), workspace.Directory, options) with { RunId = RunLog.NewId(RunKind, started) };
        workspace.InTransaction(() =>
        {
            using (var appender = workspace.Connection.CreateAppender(Table))
            {
                foreach (var v in result.Values)
                {
                    appender.CreateRow().AppendValue(result.RunId).AppendValue(v.CustomerId).AppendValue(v.Frequency).AppendValue(v.Recency).AppendValue(v.Age)
                        .AppendValue(v.ProbabilityAlive).AppendValue(v.ExpectedPurchases).AppendValue(v.ExpectedSpend).AppendValue(v.Clv).EndRow();
                }
            }

            RunLog.Record(workspace, result.RunId!, RunKind, result.CalibrationEnd, started, string.Create(CultureInfo.InvariantCulture,
                $"clv of {Counted.Of(result.Customers, "account")} in {result.Unit.ToString().ToLowerInvariant()}s: BG/NBD {result.BgNbd.ParametersText}; LL={result.BgNbd.LogLikelihood:0.##}; total CLV {result.TotalClv:0.##} over {result.Horizon:0.##} {result.Unit.ToString().ToLowerInvariant()}s"));
        });

        return result;
    }
}
