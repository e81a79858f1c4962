using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Sightline.Realtime;

/// <summary>
/// What a routing rule reads about one contact: the account's segments, tier, band and propensity, the predicted reason,
/// the touch's channel and kind, and the account's feature values (live or batch) by column name.
/// </summary>
public sealed record RoutingRow
{
    /// <summary>The account.</summary>
    public required string AccountId { get; init; }

    /// <summary>The account's one segment, or null.</summary>
    public string? Segment { get; init; }

    /// <summary>Every segment the account is in now.</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>The account's size band.</summary>
    public string? Tier { get; init; }

    /// <summary>The account's propensity band label.</summary>
    public string? Band { get; init; }

    /// <summary>The account's propensity now.</summary>
    public double? Propensity { get; init; }

    /// <summary>The predicted reason for the contact.</summary>
    public string? Reason { get; init; }

    /// <summary>The predicted reason's probability.</summary>
    public double? ReasonProbability { get; init; }

    /// <summary>The touch's channel.</summary>
    public string? Channel { get; init; }

    /// <summary>The touch's kind.</summary>
    public string? Kind { get; init; }

    /// <summary>Feature values by column name (numbers, text, dates, booleans, lists of text or null).</summary>
    public IReadOnlyDictionary<string, object?> Features { get; init; } = new Dictionary<string, object?>();

    /// <summary>The row as the rule evaluator reads it, without copying the features.</summary>
    internal IReadOnlyDictionary<string, object?> AsRuleRow() => new View(this);

    private sealed class View(RoutingRow row) : IReadOnlyDictionary<string, object?>
    {
        public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

        public IEnumerable<string> Keys => this.Select(p => p.Key);

        public IEnumerable<object?> Values => this.Select(p => p.Value);

        public int Count => RoutingColumns.Contact.Count + row.Features.Keys.Count(k => !RoutingColumns.Contact.ContainsKey(k));

        public bool ContainsKey(string key) => TryGetValue(key, out _);

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
        {
            switch (key)
            {
                case RoutingColumns.Segment: value = row.Segment; return true;
                case RoutingColumns.Segments: value = row.Segments; return true;
                case RoutingColumns.Tier: value = row.Tier; return true;
                case RoutingColumns.Band: value = row.Band; return true;
                case RoutingColumns.Propensity: value = row.Propensity; return true;
                case RoutingColumns.Reason: value = row.Reason; return true;
                case RoutingColumns.ReasonProbability: value = row.ReasonProbability; return true;
                case RoutingColumns.Channel: value = row.Channel; return true;
                case RoutingColumns.Kind: value = row.Kind; return true;
                default: return row.Features.TryGetValue(key, out value);
            }
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            foreach (var key in RoutingColumns.Contact.Keys)
            {
                TryGetValue(key, out var value);
                yield return new(key, value);
            }

            foreach (var pair in row.Features.Where(p => !RoutingColumns.Contact.ContainsKey(p.Key)))
            {
                yield return pair;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
