namespace Sightline.Quality;

/// <summary>Values flagged at import (loaded, but suspicious), per table, column and flag kind.</summary>
/// <param name="Table">Table.</param>
/// <param name="Column">Column.</param>
/// <param name="Flag">Flag kind, as the importer wrote it.</param>
/// <param name="Count">Flags of that kind.</param>
public sealed record FlagSummary(string Table, string Column, string Flag, long Count);
