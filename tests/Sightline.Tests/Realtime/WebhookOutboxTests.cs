using System.Text;
using Sightline.Realtime;

namespace Sightline.Tests.Realtime;

/// <summary>The webhook's outbox: in order, kept across reopening, emptied once delivered, bounded, and safe against a torn last line.</summary>
public sealed class WebhookOutboxTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sightline-outbox-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Messages => Path.Combine(_directory, WebhookOutbox.MessagesFile);

    private static List<string> Drain(WebhookOutbox outbox)
    {
        var all = new List<string>();
        while (outbox.TryPeek(out var message))
        {
            all.Add(message);
            outbox.Delivered();
        }

        return all;
    }

    [Fact]
    public void Reopened_KeepsWhatWasNotDelivered_InOrder()
    {
        using (var outbox = WebhookOutbox.Open(_directory))
        {
            outbox.Add("""{"n":1}""");
            outbox.Add("""{"n":2,"name":"Zürich 🚀"}""");
            outbox.Add("""{"n":3}""");
            Assert.True(outbox.TryPeek(out var first));
            Assert.Equal("""{"n":1}""", first);
            outbox.Delivered();
        }

        using (var again = WebhookOutbox.Open(_directory))
        {
            Assert.Equal(2, again.Pending);
            Assert.True(again.TryPeek(out var head));
            Assert.Equal("""{"n":2,"name":"Zürich 🚀"}""", head);
            again.Delivered();
        }

        // The multi-byte line before it did not shift the cursor.
        using var third = WebhookOutbox.Open(_directory);
        Assert.Equal(["""{"n":3}"""], Drain(third));
    }

    [Fact]
    public void AllDelivered_EmptiesTheFile_AndAReopenedOutboxHasNothing()
    {
        using (var outbox = WebhookOutbox.Open(_directory))
        {
            outbox.Add("a");
            outbox.Add("b");
            Assert.Equal(["a", "b"], Drain(outbox));
            Assert.Equal(0, new FileInfo(Messages).Length);
            outbox.Add("c"); // after emptying, a new message starts the file again
        }

        using var again = WebhookOutbox.Open(_directory);
        Assert.Equal(["c"], Drain(again));
    }

    [Fact]
    public void TornLastLine_OfAProcessThatDied_IsDroppedAndCutOff()
    {
        File.WriteAllText(Messages, "{\"n\":1}\n{\"n\":2}\n{\"n\":", new UTF8Encoding(false));

        using var outbox = WebhookOutbox.Open(_directory);

        Assert.Equal(["{\"n\":1}", "{\"n\":2}"], Drain(outbox));
        Assert.Equal(0, new FileInfo(Messages).Length);
    }

    [Fact]
    public void BeyondTheLimit_TheOldestIsDropped_AndCounted()
    {
        using var outbox = WebhookOutbox.Open(_directory, limit: 2);

        Assert.True(outbox.Add("a"));
        Assert.True(outbox.Add("b"));
        Assert.False(outbox.Add("c"));

        Assert.Equal(1, outbox.Dropped);
        Assert.Equal(["b", "c"], Drain(outbox));
    }

    [Fact]
    public async Task WaitAsync_ReturnsOnceAMessageIsAdded()
    {
        using var outbox = WebhookOutbox.Open(_directory);
        var waiting = outbox.WaitAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        outbox.Add("a");

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(outbox.WaitAsync(CancellationToken.None).IsCompleted); // one is waiting now
    }

    [Fact]
    public void Add_TwoLines_IsRefused()
    {
        using var outbox = WebhookOutbox.Open(_directory);

        Assert.Throws<ArgumentException>(() => outbox.Add("a\nb"));
        Assert.Equal(0, outbox.Pending);
    }
}
