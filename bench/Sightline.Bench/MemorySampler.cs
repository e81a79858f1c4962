using System.Globalization;

namespace Sightline.Bench;

/// <summary>
/// Peak resident memory while one side runs. Both sides share this process, so the kernel's
/// lifetime high-water mark (VmHWM) cannot tell them apart; a sampler of VmRSS every 50 ms can.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private long _peakKb;

    private MemorySampler()
    {
        _peakKb = ReadStatusKb("VmRSS") ?? 0;
        _thread = new Thread(Sample) { IsBackground = true, Name = "rss-sampler" };
        _thread.Start();
    }

    public static MemorySampler Start() => new();

    /// <summary>Stops sampling and returns the peak VmRSS seen, in MB.</summary>
    public double StopPeakMb()
    {
        _stop.Set();
        _thread.Join();
        _peakKb = Math.Max(_peakKb, ReadStatusKb("VmRSS") ?? 0);
        return _peakKb / 1024.0;
    }

    public void Dispose()
    {
        if (!_stop.IsSet)
        {
            StopPeakMb();
        }

        _stop.Dispose();
    }

    /// <summary>A kB field of /proc/self/status (VmRSS, VmHWM); null where there is no procfs.</summary>
    public static long? ReadStatusKb(string field)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var number = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(number, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private void Sample()
    {
        while (!_stop.Wait(Interval))
        {
            var kb = ReadStatusKb("VmRSS") ?? 0;
            if (kb > _peakKb)
            {
                _peakKb = kb;
            }
        }
    }
}
