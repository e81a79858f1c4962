using System.Globalization;
using Sightline.Workspaces;

namespace Sightline.Plans.Quotas;

/// <summary>One rep's book as the allocator sees it.</summary>
/// <param name="RepId">The rep.</param>
/// <param name="LastYear">Revenue of the rep's accounts over the last 12 months (zero or more).</param>
/// <param name="Potential">Summed potential of the rep's accounts (zero or more).</param>
public sealed record QuotaBook(string RepId, decimal LastYear, decimal Potential);

/// <summary>The allocator's answer, in the order of the books given.</summary>
/// <param name="Quotas">Each rep's quota in whole cents; they sum to the target exactly.</param>
/// <param name="Clamped">Per rep: <c>floor</c>, <c>cap</c> or <c>none</c>.</param>
/// <param name="Notes">What the plan had to do that a reader should know (relaxed floors or caps).</param>
/// <param name="Relaxed">True when floors or caps could not all be kept.</param>
public sealed record QuotaAllocation(IReadOnlyList<decimal> Quotas, IReadOnlyList<string> Clamped, IReadOnlyList<string> Notes, bool Relaxed);

/// <summary>
/// Spreads a target over reps by a blend of history and potential shares, keeps each quota's change versus last year
/// within a floor and a cap by water-filling (what a clamped rep gives up or takes goes to the others pro rata), and
/// rounds to cents by the largest remainder so the quotas sum to the target exactly.
/// </summary>
public static class QuotaAllocator
{
    /// <summary>Allocates <paramref name="target"/> (positive, whole cents) over <paramref name="books"/>.</summary>
    public static QuotaAllocation Allocate(IReadOnlyList<QuotaBook> books, decimal target, QuotaSettings settings)
    {
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(settings);
        if (target <= 0 || target != decimal.Round(target, 2))
        {
            throw new BadInputException(new Diagnostic("--target", null, null, target.ToString(CultureInfo.InvariantCulture), "expected a positive amount in whole cents"));
        }

        QuotaTarget.CheckSize(target, target.ToString(CultureInfo.InvariantCulture));

        if (books.Count == 0)
        {
            throw new BadInputException("quotas", "no rep owns an account (accounts.owner_rep_id): there is nobody to give a quota to");
        }

        var n = books.Count;
        var shares = Shares(books, settings);
        var (floor, cap) = ((decimal)settings.FloorChange, (decimal)settings.CapChange);
        // A rep with no history has no last year to change from: its share of the target is its quota. Unbounded, it
        // would take up all that capped reps give up (a tenfold target made a new rep's quota 24 times its potential).
        var lo = books.Select(b => b.LastYear > 0 ? b.LastYear * (1 + floor) : 0m).ToArray();
        var hi = books.Select((b, i) => b.LastYear > 0 ? b.LastYear * (1 + cap) : target * shares[i]).ToArray();
        var quotas = new decimal[n];
        var clamped = Enumerable.Repeat("none", n).ToArray();
        var notes = new List<string>();
        var sumLo = lo.Sum();
        var sumHi = hi.Sum();
        var relaxed = false;
        if (target < sumLo)
        {
            // Every floor cannot hold: scale them down together so no rep carries the shortfall alone.
            for (var i = 0; i < n; i++)
            {
                quotas[i] = lo[i] * target / sumLo;
                clamped[i] = lo[i] > 0 ? "floor" : "none";
            }

            relaxed = true;
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"floors relaxed: the target {target:N2} is below the {sumLo:N2} the floors ({settings.FloorChange:+0%;-0%} on last year) add up to, so every floor was scaled by {target / sumLo:0.####}"));
        }
        else if (target > sumHi)
        {
            // Every cap cannot hold: fill to the caps (reps without history to their share), then spread the rest by share.
            var totalShare = shares.Sum();
            for (var i = 0; i < n; i++)
            {
                quotas[i] = hi[i] + ((target - sumHi) * shares[i] / totalShare);
                clamped[i] = books[i].LastYear > 0 ? "cap" : "none";
            }

            relaxed = true;
            var newReps = books.Count(b => b.LastYear <= 0);
            var andShares = newReps == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" and the {Counted.Agree(newReps, "share of the 1 rep", $"shares of the {newReps:N0} reps")} without history");
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"caps relaxed: the target {target:N2} is above the {sumHi:N2} the caps ({settings.CapChange:+0%} on last year){andShares} allow, so the remaining {target - sumHi:N2} was spread above the caps by share"));
        }
        else
        {
            WaterFill(target, shares, lo, hi, books.Select(b => b.LastYear > 0).ToArray(), quotas, clamped);
        }

        var cents = LargestRemainder(quotas, target);
        return new QuotaAllocation(cents, clamped, notes, relaxed);
    }

    /// <summary>Per rep: history weight × share of last year + potential weight × share of potential; equal when both totals are zero.</summary>
    private static decimal[] Shares(IReadOnlyList<QuotaBook> books, QuotaSettings settings)
    {
        var history = books.Sum(b => b.LastYear);
        var potential = books.Sum(b => b.Potential);
        var n = books.Count;
        if (history <= 0 && potential <= 0)
        {
            return Enumerable.Repeat(1m / n, n).ToArray();
        }

        // A missing side takes the other's shares, so the weights still sum to one.
        var h = books.Select(b => history > 0 ? b.LastYear / history : b.Potential / potential).ToArray();
        var p = books.Select(b => potential > 0 ? b.Potential / potential : b.LastYear / history).ToArray();
        var (wh, wp) = ((decimal)settings.HistoryWeight, (decimal)settings.PotentialWeight);
        return Enumerable.Range(0, n).Select(i => (wh * h[i]) + (wp * p[i])).ToArray();
    }

    /// <summary>
    /// Gives the free reps the rest pro rata to their shares; when the reps over their caps overshoot by more than those under
    /// their floors fall short, the cap side is fixed first (and vice versa), which keeps the loop monotone: at most one pass per rep.
    /// </summary>
    private static void WaterFill(decimal target, decimal[] shares, decimal[] lo, decimal[] hi, bool[] hasHistory, decimal[] quotas, string[] clamped)
    {
        var n = shares.Length;
        var fixedAt = new bool[n];
        for (var pass = 0; pass <= n; pass++)
        {
            var free = Enumerable.Range(0, n).Where(i => !fixedAt[i]).ToList();
            if (free.Count == 0)
            {
                return;
            }

            var remaining = target - Enumerable.Range(0, n).Where(i => fixedAt[i]).Sum(i => quotas[i]);
            var freeShare = free.Sum(i => shares[i]);
            foreach (var i in free)
            {
                quotas[i] = freeShare > 0 ? remaining * shares[i] / freeShare : remaining / free.Count;
            }

            var over = free.Where(i => quotas[i] > hi[i]).ToList();
            var under = free.Where(i => quotas[i] < lo[i]).ToList();
            if (over.Count == 0 && under.Count == 0)
            {
                return;
            }

            var excess = over.Sum(i => quotas[i] - hi[i]);
            var deficit = under.Sum(i => lo[i] - quotas[i]);
            foreach (var i in excess >= deficit ? over : under)
            {
                fixedAt[i] = true;
                // A rep without history held at its share is not capped: it has no last year to cap.
                (quotas[i], clamped[i]) = excess >= deficit ? (hi[i], hasHistory[i] ? "cap" : "none") : (lo[i], "floor");
            }
        }
    }

    /// <summary>Whole cents that sum to the target: round down, then hand the leftover cents to the largest remainders (first rep wins ties).</summary>
    private static decimal[] LargestRemainder(decimal[] quotas, decimal target)
    {
        var n = quotas.Length;
        var cents = new long[n];
        var remainders = new decimal[n];
        for (var i = 0; i < n; i++)
        {
            var exact = Math.Max(quotas[i], 0) * 100;
            cents[i] = (long)decimal.Floor(exact);
            remainders[i] = exact - cents[i];
        }

        var leftover = (long)(target * 100) - cents.Sum();
        var byRemainder = Enumerable.Range(0, n).OrderByDescending(i => remainders[i]).ThenBy(i => i).ToList();
        // Decimal division can leave the sum a hair off, so the leftover is not always within [0, n): cycle, and take back if negative.
        for (var k = 0; leftover > 0; k++, leftover--)
        {
            cents[byRemainder[k % n]]++;
        }

        for (var k = n - 1; leftover < 0; k = k == 0 ? n - 1 : k - 1)
        {
            if (cents[byRemainder[k]] > 0)
            {
                cents[byRemainder[k]]--;
                leftover++;
            }
        }

        return cents.Select(c => c / 100m).ToArray();
    }
}
