namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// The digest loop's only way to block: until events are worth reading (the queue's wake-up protocol, tuned as
/// <see cref="EventQueue{T}"/> explains), a delay on the engine's clock has passed, a send in flight has completed, or
/// the engine is woken (a flush, a stop, a hand-over).
/// </summary>
internal sealed class QueueWaiter<TEvent>
{
    private readonly EventQueue<TEvent> _queue;
    private readonly EngineClock _clock;
    private readonly CancellationToken _abort;
    private readonly ILoopObserver? _observer;

    // The queue's pending wait, kept until it completes: creating a new one on every timed-out wait leaked memory in
    // PeriodicBatching (issue 76).
    private Task<bool>? _readable;

    public QueueWaiter(EventQueue<TEvent> queue, EngineClock clock, CancellationToken abort, ILoopObserver? observer)
    {
        _queue = queue;
        _clock = clock;
        _abort = abort;
        _observer = observer;
    }

    /// <summary>The queue was completed and read to the end: no event will come any more.</summary>
    public bool QueueFinished { get; private set; }

    /// <summary>Blocks until one of the wake-ups above.</summary>
    /// <param name="delay">How long at most, on the engine's clock; <see langword="null"/> for no limit.</param>
    /// <param name="wake">Completes when the engine is woken; <see langword="null"/> when nothing can wake it (stopping).</param>
    /// <param name="flow">
    /// What the last look found: nothing (be woken by the next event), events (poll soon, or be woken by a burst), or a
    /// flood (poll after <see cref="EventQueue{T}.FloodReadInterval"/>, and no writer wakes the loop before).
    /// </param>
    /// <param name="inFlight">A send to wait for at the same time, or <see langword="null"/>.</param>
    public void Wait(TimeSpan? delay, Task? wake, QueueFlow flow, Task? inFlight = null)
    {
        Task<bool>? readable = null;
        if (!QueueFinished)
        {
            _queue.WakeCount = flow switch
            {
                QueueFlow.Flooded => EventQueue<TEvent>.NoWriterWakes,
                QueueFlow.Flowing => EventQueue<TEvent>.BurstWakeCount,
                _ => 1,
            };
            readable = _readable ??= _queue.WaitToReadAsync();
            if (readable.IsCompleted)
            {
                Observe(readable);
                return;
            }

            if (flow != QueueFlow.Quiet)
            {
                // Completes the read above when it fires.
                _queue.PollAfter(flow == QueueFlow.Flooded ? EventQueue<TEvent>.FloodReadInterval : EventQueue<TEvent>.BusyPollInterval);
            }
            else if (!_queue.IsEmpty)
            {
                // The wake-up count just went down to 1: events that came before that did not wake us.
                return;
            }
        }

        if (delay <= TimeSpan.Zero && inFlight is null)
        {
            return;
        }

        // Linked to the stop's abort: the shutdown timeout is real time, and the delay runs on the engine's clock,
        // which (a test's fake clock) may never reach the deadline by itself.
        using var cancelDelay = delay is null ? null : CancellationTokenSource.CreateLinkedTokenSource(_abort);
        var tasks = new List<Task>(4);
        if (delay is { } d)
        {
            tasks.Add(_clock.Delay(d > TimeSpan.Zero ? d : TimeSpan.Zero, cancelDelay!.Token));
        }

        AddIfNotNull(tasks, inFlight);
        AddIfNotNull(tasks, readable);
        AddIfNotNull(tasks, wake);
        if (inFlight is null && flow == QueueFlow.Quiet)
        {
            // After the delay has started: a test that moves the clock on once told must not start it too late.
            _observer?.Idle(delay);
        }

        if (tasks.Count > 0)
        {
            Task.WaitAny(tasks.ToArray());
        }

        cancelDelay?.Cancel();
        if (readable is { IsCompleted: true })
        {
            Observe(readable);
        }
    }

    private void Observe(Task<bool> readable)
    {
        _readable = null;
        if (readable.Status == TaskStatus.RanToCompletion && !readable.Result)
        {
            QueueFinished = true;
        }
    }

    private static void AddIfNotNull(List<Task> tasks, Task? task)
    {
        if (task is not null)
        {
            tasks.Add(task);
        }
    }
}
