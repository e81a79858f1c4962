using System.Text.Json.Serialization;

namespace Sightline.Bench;

/// <summary>One side (peer or Sightline) of one run.</summary>
/// <param name="Seconds">Wall time from opening the database to closing it.</param>
/// <param name="Rows">Data rows of all files (the peer's count, the same for both sides).</param>
/// <param name="RowsPerSecond">Rows divided by seconds.</param>
/// <param name="StartRssMb">Resident memory when the side started.</param>
/// <param name="PeakRssMb">Highest resident memory sampled while the side ran.</param>
/// <param name="RowsByTable">Rows in each loaded table afterwards, counted from the database.</param>
internal sealed record SideResult(double Seconds, long Rows, double RowsPerSecond, double StartRssMb, double PeakRssMb,
    IReadOnlyDictionary<string, long> RowsByTable);

/// <summary>Both sides of one run, on the same files.</summary>
internal sealed record RunResult(int Run, string First, SideResult Peer, SideResult Sightline, double Ratio);

/// <summary>One input file as measured.</summary>
internal sealed record FileSummary(string Table, string File, long Bytes, long Rows);

/// <summary>A speed target and whether it was met; Pass is null where it does not apply to the tier.</summary>
internal sealed record TargetResult(string Target, string Measured, bool? Pass);

/// <summary>The machine and software the numbers were taken on.</summary>
internal sealed record MachineInfo(int Cores, string? Cpu, double? MemoryGb, string Os,
    [property: JsonPropertyName("dotnet")] string DotNet, [property: JsonPropertyName("duckdb")] string DuckDb);

/// <summary>Everything the import benchmark measured in one process.</summary>
internal sealed record ImportBenchResult(
    string Benchmark,
    DateTimeOffset Date,
    string Tier,
    int Accounts,
    int Seed,
    MachineInfo Machine,
    IReadOnlyList<FileSummary> Files,
    long TotalRows,
    long TotalBytes,
    IReadOnlyList<RunResult> Runs,
    double MedianPeerSeconds,
    double MedianSightlineSeconds,
    double MedianPeerRowsPerSecond,
    double MedianSightlineRowsPerSecond,
    double MedianRatio,
    double MaxPeerPeakRssMb,
    double MaxSightlinePeakRssMb,
    double? ProcessVmHwmMb,
    bool CountsMatch,
    IReadOnlyList<string> CountMismatches,
    IReadOnlyList<TargetResult> Targets);
