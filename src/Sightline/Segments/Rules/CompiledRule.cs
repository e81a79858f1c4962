namespace Sightline.Segments.Rules;

/// <summary>A rule as SQL: a boolean expression over the feature table's columns, with its values as parameters.</summary>
/// <param name="Sql">The expression; values appear only as positional parameters <c>$n</c>.</param>
/// <param name="Parameters">The parameter values in order, starting at the compiler's first parameter index.</param>
public sealed record CompiledRule(string Sql, IReadOnlyList<object?> Parameters);
