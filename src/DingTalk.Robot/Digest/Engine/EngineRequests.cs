using System.Collections.Concurrent;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// What the application's threads ask of the digest loop — flush, stop, count a hand-over — and the one signal that
/// wakes the loop for each. Thread-safe; the loop takes the requests.
/// </summary>
internal sealed class EngineRequests
{
    private readonly WakeSignal _wake = new();
    private readonly ConcurrentQueue<UndeliveredNote> _handedOver = new();
    private TaskCompletionSource<bool>? _flush;
    private long _stopDeadlineTicks = -1;
    private long _handedOverWaiting;

    /// <summary>Completes at the next request. The loop takes it BEFORE it looks at the requests (see <see cref="WakeSignal"/>).</summary>
    public Task Wake => _wake.Current;

    /// <summary>Whether a stop was requested.</summary>
    public bool StopRequested => Volatile.Read(ref _stopDeadlineTicks) >= 0;

    /// <summary>When the stop must be over, on the engine's clock (valid once <see cref="StopRequested"/>).</summary>
    public TimeSpan StopDeadline => TimeSpan.FromTicks(Volatile.Read(ref _stopDeadlineTicks));

    /// <summary>Events handed over and not yet taken by the loop.</summary>
    public long HandedOverWaiting => Interlocked.Read(ref _handedOverWaiting);

    /// <summary>Asks for what is pending to be sent now; callers that ask meanwhile share the same request.</summary>
    /// <returns>A task that completes when the loop has done it.</returns>
    public Task RequestFlush()
    {
        var request = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = Interlocked.CompareExchange(ref _flush, request, null) ?? request;
        _wake.Set();
        return current.Task;
    }

    /// <summary>For the loop: the flush to do, if one was asked for; complete it when done.</summary>
    public TaskCompletionSource<bool>? TakeFlush() => Interlocked.Exchange(ref _flush, null);

    /// <summary>Asks the loop to deliver what is pending by <paramref name="deadline"/> and end.</summary>
    public void RequestStop(TimeSpan deadline)
    {
        Interlocked.CompareExchange(ref _stopDeadlineTicks, deadline.Ticks, -1);
        _wake.Set();
    }

    /// <summary>Counts events another engine could not deliver in this one's next digest.</summary>
    public void HandOver(long events, string reason)
    {
        Interlocked.Add(ref _handedOverWaiting, events);
        _handedOver.Enqueue(new UndeliveredNote(events, reason, outcomeUnknown: false));
        _wake.Set();
    }

    /// <summary>For the loop: the next hand-over to count.</summary>
    public bool TryTakeHandedOver(out UndeliveredNote note)
    {
        if (_handedOver.TryDequeue(out note!))
        {
            Interlocked.Add(ref _handedOverWaiting, -note.Events);
            return true;
        }

        return false;
    }
}
