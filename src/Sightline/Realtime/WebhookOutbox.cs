using System.Globalization;
using System.Text;

namespace Sightline.Realtime;

/// <summary>
/// The webhook's queue of messages not yet delivered, kept in a folder so that a receiver that is down, or a server
/// restart, loses none: each message is one line appended to <see cref="MessagesFile"/> (written through to the
/// operating system before <see cref="Add"/> returns), and <see cref="CursorFile"/> holds the byte offset of the first
/// line not yet delivered. Delivery is in order and at least once: a crash between a delivery and the cursor's write
/// sends that message again. Once everything is delivered, the file is emptied.
/// </summary>
public sealed class WebhookOutbox : IDisposable
{
    /// <summary>The folder's name inside a workspace.</summary>
    public const string Folder = "webhook-outbox";

    /// <summary>The messages, one JSON text a line.</summary>
    public const string MessagesFile = "messages.jsonl";

    /// <summary>The byte offset of the first message not yet delivered, as text.</summary>
    public const string CursorFile = "delivered-up-to";

    private readonly object _gate = new();
    private readonly Queue<(string Message, long End)> _pending = new();
    private readonly string _cursorPath;
    private readonly FileStream _messages;
    private readonly int _limit;
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _cursor;

    private WebhookOutbox(string directory, int limit)
    {
        Directory.CreateDirectory(directory);
        _limit = limit;
        _cursorPath = Path.Combine(directory, CursorFile);
        _messages = new FileStream(Path.Combine(directory, MessagesFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        _cursor = File.Exists(_cursorPath) && long.TryParse(File.ReadAllText(_cursorPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            ? Math.Min(at, _messages.Length)
            : 0;
        Load();
    }

    /// <summary>Opens (or creates) the outbox in <paramref name="directory"/>, with the messages a previous run left undelivered; beyond <paramref name="limit"/> waiting messages the oldest is dropped.</summary>
    public static WebhookOutbox Open(string directory, int limit = 1_000_000)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return new WebhookOutbox(directory, limit);
    }

    /// <summary>Messages waiting.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Messages dropped because more than the limit were waiting.</summary>
    public long Dropped { get; private set; }

    /// <summary>Appends a message (one line of JSON); returns false when the oldest waiting message was dropped to make room.</summary>
    public bool Add(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("a message is one line", nameof(message));
        }

        var bytes = Encoding.UTF8.GetBytes(message + "\n");
        lock (_gate)
        {
            _messages.Seek(0, SeekOrigin.End);
            _messages.Write(bytes);
            _messages.Flush(); // to the operating system: a crash of the process loses nothing
            _pending.Enqueue((message, _messages.Length));
            var kept = true;
            if (_pending.Count > _limit)
            {
                Remove();
                Dropped++;
                kept = false;
            }

            _added.TrySetResult();
            return kept;
        }
    }

    /// <summary>The oldest message waiting, if any.</summary>
    public bool TryPeek(out string message)
    {
        lock (_gate)
        {
            var any = _pending.TryPeek(out var head);
            message = head.Message;
            return any;
        }
    }

    /// <summary>Waits until a message is waiting.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_pending.Count > 0)
            {
                return Task.CompletedTask;
            }

            if (_added.Task.IsCompleted)
            {
                _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _added.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Marks the oldest message delivered (or given up on): it is not sent again, after a restart either.</summary>
    public void Delivered()
    {
        lock (_gate)
        {
            Remove();
        }
    }

    private void Remove()
    {
        if (!_pending.TryDequeue(out var head))
        {
            return;
        }

        if (_pending.Count == 0)
        {
            // Everything delivered: start the file again rather than let it grow with the server's lifetime.
            _messages.SetLength(0);
            _messages.Flush();
            _cursor = 0;
        }
        else
        {
            _cursor = head.End;
        }

        File.WriteAllText(_cursorPath, _cursor.ToString(CultureInfo.InvariantCulture));
    }

    private void Load()
    {
        _messages.Seek(_cursor, SeekOrigin.Begin);
        using var reader = new StreamReader(_messages, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        var end = _cursor;
        while (reader.ReadLine() is { } line)
        {
            var start = end;
            end += Encoding.UTF8.GetByteCount(line) + 1;
            if (end > _messages.Length)
            {
                // A line the process was writing when it died: never acknowledged to anyone, and not whole JSON.
                _messages.SetLength(start);
                break;
            }

            if (line.Length > 0)
            {
                _pending.Enqueue((line, end));
            }
        }

        while (_pending.Count > _limit)
        {
            Remove();
            Dropped++;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _messages.Dispose();
}
