using Sightline.Models.Value;

namespace Sightline.Tests.Models.Value;

/// <summary>What <see cref="LifetimeValue"/> tells a reader about values the data cannot support well.</summary>
public sealed class LifetimeValueNotesTests
{
    private static List<CustomerSummary> Customers(double ageWeeks)
    {
        var random = new Random(11);
        return [.. Enumerable.Range(0, 400).Select(i =>
        {
            var x = random.Next(0, 4);
            return new CustomerSummary($"c{i}", x, x == 0 ? 0 : ageWeeks * random.NextDouble(), ageWeeks, x == 0 ? 0 : 50 + (100 * random.NextDouble()), null);
        })];
    }

    [Fact]
    public void Value_HorizonMoreThanTwiceTheLongestHistory_SaysTheValuesAreRough()
    {
        // Six days of orders valued over a year: 182 purchases a customer, and nothing said so.
        var shortHistory = LifetimeValue.Value(Customers(6.0 / 7), new ClvOptions());

        Assert.Contains("the longest customer history is 6 days and the horizon 365 days: the purchases and values extrapolate more than twice beyond what was observed, "
            + "so read them as rough (a shorter --horizon, or more history, gives firmer values)", shortHistory.Notes);

        var yearOfHistory = LifetimeValue.Value(Customers(52), new ClvOptions());
        Assert.DoesNotContain(yearOfHistory.Notes, n => n.StartsWith("the longest customer history", StringComparison.Ordinal));
    }
}
