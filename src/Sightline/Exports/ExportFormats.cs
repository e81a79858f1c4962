namespace Sightline.Exports;

/// <summary>The <c>--format</c> words for <see cref="ExportFormat"/>.</summary>
public static class ExportFormats
{
    /// <summary>Reads <c>csv</c>, <c>xlsx</c> or <c>both</c> (any case).</summary>
    /// <exception cref="BadInputException">Any other word.</exception>
    public static ExportFormat Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "xlsx" => ExportFormat.Xlsx,
        "both" => ExportFormat.Both,
        _ => throw new BadInputException(new Diagnostic("--format", null, null, text ?? "", "expected xlsx, csv or both")),
    };
}
