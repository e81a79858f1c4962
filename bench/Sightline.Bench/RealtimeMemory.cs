using System.Diagnostics.Tracing;
using System.Globalization;
using Sightline.Realtime;
using Sightline.Workspaces;

namespace Sightline.Bench;

/// <summary>
/// What applying one event costs the collector, measured in this process without a server, so it is the same from run to
/// run (the latency rows are not): the bytes one event's answer allocates, and the bytes each touched account still holds
/// after a young collection, which every collection copies for every account touched since the one before.
/// </summary>
/// <param name="Accounts">Accounts the events touch.</param>
/// <param name="Events">Events applied per round.</param>
/// <param name="AllocatedPerEvent">Bytes allocated per event (median over the measured rounds).</param>
/// <param name="SurvivingPerAccount">Bytes per account that survive a young collection after a round (median).</param>
/// <param name="TopTypes">The most allocated types, as shares of the runtime's allocation samples.</param>
/// <param name="MicrosecondsPerEvent">CPU time per event on this thread (the fastest of the measured rounds: the least disturbed by the machine).</param>
internal sealed record RealtimeMemory(int Accounts, int Events, long AllocatedPerEvent, long SurvivingPerAccount, IReadOnlyList<(string Type, double Share)> TopTypes,
    double MicrosecondsPerEvent)
{
    private const int WarmUpRounds = 2;
    private const int MeasuredRounds = 5;

    // Passes over the events timed per round: about half a second of CPU, enough for the kernel's 10 ms ticks.
    private const int CpuPassesPerRound = 10;

    /// <summary>Applies <paramref name="events"/> to their accounts' live states, as the grains do, round after round.</summary>
    public static RealtimeMemory Measure(Workspace workspace, IReadOnlyList<TouchpointEvent> events)
    {
        var context = LiveContactContext.Load(workspace);
        var ids = events.Select(e => e.AccountId).ToHashSet(StringComparer.Ordinal);
        var accounts = LiveBaseline.LoadAccounts(workspace, context.Account, ids)
            .ToDictionary(b => b.Key, b => (Account: LiveAccount.FromBaseline(b.Value, context.Account), History: new LiveContactHistory()), StringComparer.Ordinal);
        var applied = events.Where(e => accounts.ContainsKey(e.AccountId)).ToList();
        var allocated = new List<long>();
        var cpu = new List<double>();
        var surviving = new List<long>();
        using var samples = new AllocationSamples();
        void Pass()
        {
            foreach (var e in applied)
            {
                var (account, history) = accounts[e.AccountId];
                GC.KeepAlive(LiveContact.Apply(account, history, e, context));
            }
        }

        for (var round = 0; round < WarmUpRounds + MeasuredRounds; round++)
        {
            // Memory, over one pass: everything alive before it is moved out of the young generation, so what the next young
            // collection keeps is this pass's.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
            var measured = round >= WarmUpRounds;
            samples.On = measured;
            var before = GC.GetAllocatedBytesForCurrentThread();
            Pass();
            var spent = GC.GetAllocatedBytesForCurrentThread() - before;
            samples.On = false;
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            var kept = GC.GetTotalMemory(forceFullCollection: false) - heapBefore;

            // CPU, over several passes with no forced collection among them.
            var started = ThreadCpu();
            for (var pass = 0; pass < CpuPassesPerRound; pass++)
            {
                Pass();
            }

            var cpuSpent = ThreadCpu() - started;
            if (measured)
            {
                allocated.Add(spent / Math.Max(1, applied.Count));
                surviving.Add(kept / Math.Max(1, accounts.Count));
                cpu.Add(cpuSpent.TotalMicroseconds / Math.Max(1, applied.Count * CpuPassesPerRound));
            }
        }

        return new RealtimeMemory(accounts.Count, applied.Count, Median(allocated), Median(surviving), samples.Top(5), cpu.Count == 0 ? 0 : cpu.Min());
    }

    /// <summary>The report's words for it.</summary>
    public string Note() => string.Create(CultureInfo.InvariantCulture,
        $"in process, without a server (the same from run to run): applying the warm row's {Events:N0} events to their {Accounts:N0} accounts' live states as the grains do (`LiveContact.Apply`: features, re-score, segments, reason, route, next best action) takes {MicrosecondsPerEvent:F0} µs of CPU per event (the fastest of {MeasuredRounds} rounds of {CpuPassesPerRound} passes), allocates {AllocatedPerEvent / 1024.0:F1} KB per event, and {SurvivingPerAccount / 1024.0:F1} KB per account survives the young collection that follows (what each collection copies per account touched since the one before; medians of {MeasuredRounds} rounds); the most allocated types (shares of the runtime's allocation samples): {string.Join(", ", TopTypes.Select(t => $"{Short(t.Type)} {t.Share * 100:F0}%"))}");

    /// <summary>This thread's CPU time (user and system), from the kernel: wall time would count the machine's other work.</summary>
    private static TimeSpan ThreadCpu()
    {
        // /proc/thread-self/stat fields 14 and 15: user and system time in clock ticks (100 a second).
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static string Short(string type) => type.Replace("System.Collections.Generic.", "", StringComparison.Ordinal).Replace("System.", "", StringComparison.Ordinal);

    private static long Median(List<long> values)
    {
        values.Sort();
        return values.Count == 0 ? 0 : values[values.Count / 2];
    }

    /// <summary>The runtime's allocation samples (one about every 100 KB, naming the type that crossed the mark).</summary>
    private sealed class AllocationSamples : EventListener
    {
        private readonly Dictionary<string, long> _byType = new(StringComparer.Ordinal);

        public volatile bool On;

        public IReadOnlyList<(string Type, double Share)> Top(int count)
        {
            lock (_byType)
            {
                var total = Math.Max(1, _byType.Values.Sum());
                return [.. _byType.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Take(count).Select(t => (t.Key, (double)t.Value / total))];
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                const EventKeywords gc = (EventKeywords)0x1;
                EnableEvents(eventSource, EventLevel.Verbose, gc);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (!On || eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is null || eventData.PayloadNames is null)
            {
                return;
            }

            var at = eventData.PayloadNames.IndexOf("TypeName");
            var type = at >= 0 ? eventData.Payload[at]?.ToString() ?? "?" : "?";
            lock (_byType)
            {
                _byType[type] = _byType.GetValueOrDefault(type) + 1;
            }
        }
    }
}
