using CsCheck;
using Sightline.Realtime;

namespace Sightline.Tests.Realtime;

/// <summary>
/// The log's idempotency as an invariant: whatever batches arrive, with ids repeated inside and across them, the log
/// holds each id once with the payload of its first arrival, numbered 1..n in that order, and every answer says
/// truthfully whether the event was new, a duplicate, and whether its payload differed.
/// </summary>
public sealed class TouchpointLogPropertyTests : IDisposable
{
    private static readonly string[] Channels = ["call", "email", "chat"];

    // Up to 6 batches of up to 8 events drawn from 10 ids and 3 channels, so repeats and differing payloads are common.
    private static readonly Gen<(int Id, int Channel)[][]> Batches = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 2]).Array[0, 8].Array[1, 6];

    private readonly TouchpointWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public void Append_AnyBatches_StoresEachIdOnceWithItsFirstPayload()
    {
        Batches.Sample(batches =>
        {
            _world.Workspace.Execute("DELETE FROM touchpoint_log");
            var first = new Dictionary<string, (TouchpointEvent Event, long Sequence)>();
            foreach (var batch in batches)
            {
                var events = batch.Select(b => TouchpointWorld.Event($"EV{b.Id}", channel: Channels[b.Channel])).ToList();
                var result = _world.Log().Append(events);
                for (var i = 0; i < events.Count; i++)
                {
                    var outcome = result.Events[i];
                    if (first.TryGetValue(events[i].EventId, out var earlier))
                    {
                        Assert.Equal(TouchpointLogStatus.Duplicate, outcome.Status);
                        Assert.Equal(earlier.Sequence, outcome.Sequence);
                        Assert.Equal(earlier.Event.Channel != events[i].Channel, outcome.PayloadDiffers);
                    }
                    else
                    {
                        Assert.Equal(TouchpointLogStatus.Appended, outcome.Status);
                        Assert.Equal(first.Count + 1, outcome.Sequence);
                        first[events[i].EventId] = (events[i], outcome.Sequence);
                    }
                }

                Assert.Equal(result.Events.Count(e => e.Status == TouchpointLogStatus.Appended), result.Appended);
                Assert.Equal(first.Count, result.LastSequence);
            }

            var stored = _world.Log().ReadAfter(0);
            Assert.Equal(first.Values.OrderBy(f => f.Sequence).Select(f => (f.Sequence, f.Event)), stored.Select(s => (s.Sequence, s.Event)));
        }, iter: 40, threads: 1);
    }
}
