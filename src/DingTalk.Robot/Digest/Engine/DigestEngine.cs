using DingTalk.Robot.Diagnostics;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Internal;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// The digest engine both front ends share: the application hands it events with <see cref="TryEnqueue"/>
/// (never blocking, never throwing); a background loop folds them into a bounded batch and, within the robot's
/// budget, sends each batch as ONE markdown digest. Failed digests are retried with Serilog 4.1's backoff and the
/// same msgUuid; what cannot be delivered is counted in the next digest. Dispose it to deliver what is pending
/// within <see cref="DingTalkDigestOptions.ShutdownTimeout"/>.
/// </summary>
/// <typeparam name="TEvent">
/// What the front end enqueues. It is read (<see cref="DigestEventReader{TEvent}"/>) or converted on the background
/// loop, so a front end can enqueue its own event object and keep formatting off the application's thread; with a
/// reader, only the events a digest shows are ever rendered.
/// </typeparam>
internal sealed class DigestEngine<TEvent> : IDisposable, IAsyncDisposable
{
    // Bounds one round of draining, so that a flood cannot keep the loop from sending.
    private const int MaxEventsPerDrain = 10_000;

    // How the loop waits for events. While events are flowing, it looks at the queue again after this long, or as
    // soon as FloodWakeCount events are waiting, whichever comes first; once such a look finds nothing, it sleeps until
    // the next logging call wakes it. A wake-up costs the application's thread a system call (it sets the event the
    // loop's thread sleeps on): a steady stream should not pay it for every event, and a flood pays it once per
    // FloodWakeCount events.
    // The count matters as much as the timer: events left waiting in the queue are still alive at the next garbage
    // collection, which copies them all into an older generation (paid by the application's threads), and a "1 ms"
    // delay lasts 4 ms on a kernel with a 250 Hz tick. Real time, not the digest's clock: it only decides when events
    // are folded in, never when a digest is sent.
    private static readonly TimeSpan BusyPollInterval = TimeSpan.FromMilliseconds(1);
    private const int FloodWakeCount = 1024;

    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(1);

    private readonly DigestEventReader<TEvent> _reader;
    private readonly Action<DingTalkDiagnostic>? _diagnostics;
    private readonly TimeProvider _time;
    private readonly DingTalkRobotClient _client;
    private readonly MarkdownDigestFormatter _formatter;
    private readonly EventQueue<TEvent> _queue;
    private readonly DigestBackoff _backoff;
    private readonly DigestBatch<TEvent> _batch;
    private readonly HashSet<string> _reportedCauses = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentQueue<UndeliveredNote> _handedOver = new();
    private readonly WakeSignal _wake = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly object _disposeLock = new();
    private readonly int _batchSizeLimit;
    private readonly TimeSpan _bufferingTimeLimit;
    private readonly TimeSpan _shutdownTimeout;
    private readonly bool _eagerlyEmitFirstEvent;
    private readonly TimeSpan _minimumDigestSpacing;
    private readonly TaskCompletionSource<bool> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PendingDigest? _pending;
    private DateTimeOffset? _batchOpenedAt;
    private DateTimeOffset _nextSendNotBefore;
    private DateTimeOffset _lastDigestSentAt;
    private bool _firstDigestSent;
    private bool _queueCompleted;
    private bool _stopNoticed;
    private bool _queueDrained;
    private int _lastDrainCount;
    private TaskCompletionSource<bool>? _flushRequest;
    private Task<bool>? _readable;
    private long _shutdownDeadlineTicks;
    private Task? _disposeTask;
    private long _undeliveredAtStop;
    private string? _undeliveredReasonAtStop;

    // A digest was given up during a shutdown or a flush: that was the last chance it gets now. Without this, the
    // note the give-up leaves in the batch would be sent again at once, and again, until the robot's budget ran out.
    private bool _gaveUpInHurry;

    /// <summary>Creates the engine and starts its background loop.</summary>
    /// <param name="options">Where and how to send; validated here (see <see cref="DingTalkDigestOptions.Validate"/>).</param>
    /// <param name="convert">Turns an enqueued event into a <see cref="DigestEvent"/>; runs on the background loop; may throw (the event is then shown as unrenderable, still counted).</param>
    /// <param name="diagnostics">Receives lines about delivery (failures with what to fix, give-ups, throttling), redacted; <see langword="null"/> for none.</param>
    public DigestEngine(DingTalkDigestOptions options, Func<TEvent, DigestEvent> convert, Action<DingTalkDiagnostic>? diagnostics)
        : this(options, convert, reader: null, diagnostics)
    {
    }

    /// <summary>
    /// Creates the engine and starts its background loop. The reader is asked for the few fields grouping needs, and
    /// for a whole <see cref="DigestEvent"/> only for the events a digest shows: the cheapest way to feed the engine.
    /// </summary>
    /// <param name="options">Where and how to send; validated here (see <see cref="DingTalkDigestOptions.Validate"/>).</param>
    /// <param name="reader">Reads enqueued events, on the background loop; may throw (the event is then shown as unrenderable, still counted).</param>
    /// <param name="diagnostics">Receives lines about delivery (failures with what to fix, give-ups, throttling), redacted; <see langword="null"/> for none.</param>
    public DigestEngine(DingTalkDigestOptions options, DigestEventReader<TEvent> reader, Action<DingTalkDiagnostic>? diagnostics)
        : this(options, convert: null, Guard.NotNull(reader, nameof(reader)), diagnostics)
    {
    }

    private DigestEngine(DingTalkDigestOptions options, Func<TEvent, DigestEvent>? convert, DigestEventReader<TEvent>? reader, Action<DingTalkDiagnostic>? diagnostics)
    {
        Guard.NotNull(options, nameof(options));
        if (convert is null && reader is null)
        {
            throw new ArgumentNullException(nameof(convert));
        }

        _reader = reader ?? new ConvertingDigestEventReader<TEvent>(convert!);
        options.Validate();

        _diagnostics = diagnostics;
        _time = options.TimeProvider ?? TimeProvider.System;
        _batchSizeLimit = options.BatchSizeLimit;
        _bufferingTimeLimit = options.BufferingTimeLimit;
        _shutdownTimeout = options.ShutdownTimeout;
        _eagerlyEmitFirstEvent = options.EagerlyEmitFirstEvent;
        _minimumDigestSpacing = TimeSpan.FromTicks(TimeSpan.FromMinutes(1).Ticks / options.MessagesPerMinute);
        _client = new DingTalkRobotClient(ToRobotOptions(options), options.MessageHandler, _time);
        _formatter = new MarkdownDigestFormatter(DigestFormatterSettings.FromOptions(
            options, DigestEnvironment.EnvironmentName(), DigestEnvironment.HostName(), DigestEnvironment.DefaultApp()));
        _queue = new EventQueue<TEvent>(options.QueueLimit);
        _backoff = new DigestBackoff(_bufferingTimeLimit, options.RetryTimeLimit);
        _batch = new DigestBatch<TEvent>(new DigestBatchLimits());

        // A thread of its own, as Serilog.Sinks.Async's worker and Microsoft.Extensions.Logging.Console's queue have:
        // the loop wakes up every thousand events or so while events flow, and on the thread pool every wake-up left
        // workers spinning for work on the other core (more CPU than the folding itself, and time taken from the
        // application's threads on a small machine). Here it blocks until a writer, a timer or a send completes
        // what it waits for. It must not capture the caller's ExecutionContext: AsyncLocal state (an ambient
        // Activity, a logging scope) would otherwise stay alive, and flow into every send, for the sink's lifetime.
        var thread = new Thread(RunLoop) { IsBackground = true, Name = "DingTalk digest loop" };
        if (ExecutionContext.IsFlowSuppressed())
        {
            thread.Start();
        }
        else
        {
            using (ExecutionContext.SuppressFlow())
            {
                thread.Start();
            }
        }
    }

    /// <summary>The events waiting in the queue, not yet folded into a batch (for the benchmarks).</summary>
    internal int QueuedCount => _queue.Count;

    private bool IsStopping => Volatile.Read(ref _shutdownDeadlineTicks) != 0;

    private DateTimeOffset ShutdownDeadline => new(Volatile.Read(ref _shutdownDeadlineTicks), TimeSpan.Zero);

    /// <summary>
    /// Queues <paramref name="item"/> for the next digest. Never blocks and never throws: when the queue is full, or
    /// the engine is shut down, the event is dropped and counted (the next digest says how many).
    /// </summary>
    /// <returns>Whether the event was queued.</returns>
    public bool TryEnqueue(TEvent item) => _queue.TryWrite(item);

    /// <summary>Delivers what is pending, within the shutdown timeout, and stops. Safe to call more than once.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Delivers what is pending, within the shutdown timeout, and stops. Safe to call more than once.</summary>
    /// <returns>A task that completes when the engine has stopped.</returns>
    public ValueTask DisposeAsync()
    {
        lock (_disposeLock)
        {
            // Completing the queue twice is harmless here, but starting two shutdowns would not be.
            _disposeTask ??= StopAsync();
            return new ValueTask(_disposeTask);
        }
    }

    /// <summary>
    /// Sends what is pending now instead of waiting for the buffering time limit (within the robot's budget), and
    /// completes when it is delivered, given up, or <see cref="DingTalkDigestOptions.ShutdownTimeout"/> has passed.
    /// Logging goes on meanwhile; for a host's <c>StopAsync</c>.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the flush itself goes on).</param>
    /// <returns>A task that completes when the flush is done or the time ran out.</returns>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var request = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = Interlocked.CompareExchange(ref _flushRequest, request, null) ?? request;
        _wake.Set();

        using var timeout = new CancellationTokenSource(_shutdownTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (linked.Token.Register(() => cancelled.TrySetResult(true)))
        {
            await Task.WhenAny(current.Task, cancelled.Task, _stopped.Task).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Once the engine has stopped (<see cref="DisposeAsync"/> completed): how many events it could not deliver, as its
    /// Final diagnostic said. A front end that replaces the engine (a configuration change) hands them to the new one
    /// with <see cref="AddUndelivered"/>, so that the group still learns about them.
    /// </summary>
    public long UndeliveredAtStop => Interlocked.Read(ref _undeliveredAtStop);

    /// <summary>Why <see cref="UndeliveredAtStop"/> events could not be delivered (redacted), or <see langword="null"/>.</summary>
    public string? UndeliveredReasonAtStop => Volatile.Read(ref _undeliveredReasonAtStop);

    /// <summary>
    /// Counts <paramref name="events"/> that another engine could not deliver (see <see cref="UndeliveredAtStop"/>) in
    /// this engine's next digest, as "a previous digest of N events could not be delivered". Thread-safe; never throws.
    /// </summary>
    /// <param name="events">How many events; nothing happens when it is not positive.</param>
    /// <param name="reason">Why, already free of secrets.</param>
    public void AddUndelivered(long events, string? reason)
    {
        if (events > 0)
        {
            _handedOver.Enqueue(new UndeliveredNote(events, reason ?? "unknown failure", outcomeUnknown: false));
            _wake.Set();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"DingTalk digest engine ({_client})";

    private async Task StopAsync()
    {
        Volatile.Write(ref _shutdownDeadlineTicks, (_time.GetUtcNow() + _shutdownTimeout).UtcTicks);
        _queue.Complete();
        _wake.Set();

        // The shutdown timeout is a promise in wall-clock time: whatever the loop is waiting for (a slow robot, a
        // budget), in-flight work is cancelled when it runs out, and we return shortly after.
        _abort.CancelAfter(_shutdownTimeout);
        var hardStop = Task.Delay(_shutdownTimeout + ShutdownMargin);
        await Task.WhenAny(_stopped.Task, hardStop).ConfigureAwait(false);
        _client.Dispose();
        if (_stopped.Task.IsCompleted)
        {
            // A loop past the hard stop may still ask for a poll; its timer then fires once and is let go.
            _queue.Dispose();
        }
    }

    private void RunLoop()
    {
        try
        {
            Run();
        }
        catch (Exception ex)
        {
            // Run catches what it expects; anything else must not take the application down with this thread.
            Report(DingTalkDiagnosticKind.Final, "The digest loop stopped unexpectedly: " + Describe(ex));
        }
        finally
        {
            _stopped.TrySetResult(true);
        }
    }

    private void Run()
    {
        while (true)
        {
            try
            {
                // Taken before the flags are read: see WakeSignal.
                var wake = _wake.Current;
                var now = _time.GetUtcNow();
                Drain(now);
                CompleteFlushIfDone();

                if (IsStopping)
                {
                    if (!_stopNoticed)
                    {
                        _stopNoticed = true;
                        if (_pending is not null)
                        {
                            // One last attempt now rather than after the backoff interval.
                            _pending.NextAttemptAt = now;
                        }
                    }

                    if (_queueCompleted && _pending is null && (_batch.IsEmpty || _gaveUpInHurry))
                    {
                        break;
                    }

                    if (now >= ShutdownDeadline || _abort.IsCancellationRequested)
                    {
                        break;
                    }
                }

                var due = NextDue(now);
                if (due is { } dueAt && dueAt <= now)
                {
                    var wait = _client.GetWaitBeforeNextSend();
                    if (wait <= TimeSpan.Zero)
                    {
                        SendNext();
                        continue;
                    }

                    if (IsStopping && now + wait > ShutdownDeadline)
                    {
                        break;
                    }

                    due = now + wait;
                }

                if (IsStopping && _queueCompleted && due is { } next && next > ShutdownDeadline)
                {
                    // Nothing can be sent before the deadline (a retry's backoff reaches past it): waiting for the
                    // deadline would only hold up the application's exit.
                    break;
                }

                if (IsStopping && (due is null || due > ShutdownDeadline))
                {
                    due = ShutdownDeadline;
                }

                Wait(due, now, wake);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Nothing before the send is expected to throw; if it does, say so and carry on after a pause rather
                // than spin: a loop that dies or hot-loops would take the whole sink with it.
                Report(DingTalkDiagnosticKind.Temporary, "The digest loop failed unexpectedly and will continue: " + Describe(ex));
                PauseAfterLoopFailure();
            }
        }

        ReportUndelivered();
    }

    private void Drain(DateTimeOffset now)
    {
        while (_handedOver.TryDequeue(out var note))
        {
            OpenBatch(now);
            _batch.AddUndelivered(note.Events, note.Reason, note.OutcomeUnknown);
        }

        var dropped = _queue.TakeDropped();
        if (dropped > 0)
        {
            DingTalkMetrics.AddEventsDropped(dropped);
            OpenBatch(now);
            _batch.AddDropped(dropped, DropReason.QueueFull);
        }

        _queueDrained = false;
        var count = 0;
        for (; count < MaxEventsPerDrain; count++)
        {
            if (!_queue.TryRead(out var item))
            {
                _queueDrained = true;
                break;
            }

            OpenBatch(now);
            Fold(item, now);
        }

        _lastDrainCount = count;
        if (count > 0)
        {
            DingTalkMetrics.AddEventsEnqueued(count);
        }
    }

    private void CompleteFlushIfDone()
    {
        var flush = Volatile.Read(ref _flushRequest);
        if (flush is not null && _queueDrained && _pending is null && (_batch.IsEmpty || _gaveUpInHurry))
        {
            _gaveUpInHurry = false;
            Interlocked.CompareExchange(ref _flushRequest, null, flush);
            flush.TrySetResult(true);
        }
    }

    private void OpenBatch(DateTimeOffset now)
    {
        if (_batch.IsEmpty)
        {
            _batchOpenedAt = now;
        }
    }

    private void Fold(TEvent item, DateTimeOffset now)
    {
        try
        {
            // No DigestEvent yet: DigestContent.From asks the reader for one only if the digest shows this event.
            _batch.Add(_reader.Fold(item));
        }
        catch (Exception ex)
        {
            // Still counted, and visible: an event that cannot be read is itself worth knowing about.
            _batch.AddUnreadable(now, Describe(ex));
        }
    }

    private DateTimeOffset? NextDue(DateTimeOffset now)
    {
        if (_pending is not null)
        {
            return _pending.NextAttemptAt;
        }

        if (_batch.IsEmpty)
        {
            return null;
        }

        if ((IsStopping || Volatile.Read(ref _flushRequest) is not null) && !_gaveUpInHurry)
        {
            return now;
        }

        DateTimeOffset due;
        if (_eagerlyEmitFirstEvent && !_firstDigestSent)
        {
            due = now;
        }
        else if (_batch.EventCount >= _batchSizeLimit)
        {
            // A full batch goes out early, but no sooner than an even share of the minute's budget after the last
            // digest: in a flood the group gets a steady digest every few seconds, not the whole budget at once.
            var paced = _lastDigestSentAt + _minimumDigestSpacing;
            due = paced > now ? paced : now;
        }
        else
        {
            due = (_batchOpenedAt ?? now) + _bufferingTimeLimit;
        }

        // After a failure the next digest waits for the backoff too, so a robot that refuses us is not hammered.
        return due < _nextSendNotBefore ? _nextSendNotBefore : due;
    }

    private void SendNext()
    {
        if (_pending is null)
        {
            var content = DigestContent.From(_batch, _reader, _formatter.Settings);
            var formatted = _formatter.Format(content, Guid.NewGuid().ToString("N"));
            _pending = new PendingDigest(formatted) { NextAttemptAt = _time.GetUtcNow(), CarriedUndelivered = _batch.UndeliveredEvents };
            _batch.Clear();
            _batchOpenedAt = null;
            _firstDigestSent = true;
        }

        var pending = _pending;
        var send = _client.SendAsync(pending.Digest.Message, TimeSpan.Zero, _abort.Token);
        while (!send.IsCompleted)
        {
            // Keep folding while the post is in flight (a round trip to DingTalk takes a while): in a flood the
            // queue would otherwise fill up, and drop events, during every post.
            Drain(_time.GetUtcNow());
            _queue.WakeCount = FloodWakeCount;
            var readable = _readable ??= _queue.WaitToReadAsync();
            if (!readable.IsCompleted)
            {
                _queue.PollAfter(BusyPollInterval);
                Task.WaitAny(send, readable);
            }

            if (readable.IsCompleted)
            {
                ObserveReadable(readable);
            }
        }

        var result = send.GetAwaiter().GetResult();
        var now = _time.GetUtcNow();

        switch (result.Kind)
        {
            case DingTalkFailureKind.None:
                _pending = null;
                _backoff.MarkSuccess();
                _nextSendNotBefore = default;
                _gaveUpInHurry = false;
                DingTalkMetrics.DigestSent.Add(1);
                _lastDigestSentAt = now;
                if (_reportedCauses.Count > 0)
                {
                    _reportedCauses.Clear();
                    Report(DingTalkDiagnosticKind.Information, "Digests are delivered again.");
                }

                break;

            case DingTalkFailureKind.Throttled:
                // Not a failure of ours to back off from: the client knows when the penalty ends and the loop waits
                // for it, while new events keep folding into the next digest.
                pending.LastFailure = DingTalkErrorText.Describe(result);
                pending.NextAttemptAt = now;
                ReportOnce(DingTalkDiagnosticKind.Information, "throttled",
                    "The robot is throttled (" + pending.LastFailure + "); events accumulate into one digest until the penalty ends.");
                break;

            case DingTalkFailureKind.Transient:
                DingTalkMetrics.DigestFailed.Add(1);
                pending.LastFailure = DingTalkErrorText.Describe(result);
                _backoff.MarkFailure(now);
                if (_backoff.ShouldGiveUp(now))
                {
                    GiveUp(pending, DingTalkDiagnosticKind.Final, now);
                }
                else
                {
                    var interval = _backoff.NextInterval;
                    pending.NextAttemptAt = now + interval;
                    ReportOnce(DingTalkDiagnosticKind.Temporary, "transient:" + result.ErrCode + ":" + result.HttpStatus,
                        $"A digest of {pending.EventCount} events could not be delivered ({pending.LastFailure}); retrying in {FormatInterval(interval)} with the same msgUuid.");
                }

                break;

            default:
                DingTalkMetrics.DigestFailed.Add(1);
                pending.LastFailure = DingTalkErrorText.Describe(result);
                _backoff.MarkFailure(now);
                GiveUp(pending, DingTalkDiagnosticKind.Permanent, now);
                break;
        }
    }

    private void GiveUp(PendingDigest pending, DingTalkDiagnosticKind kind, DateTimeOffset now)
    {
        _pending = null;
        _gaveUpInHurry |= IsStopping || Volatile.Read(ref _flushRequest) is not null;
        _nextSendNotBefore = now + _backoff.NextInterval;
        OpenBatch(now);
        // What the lost digest itself reported (drops, earlier lost digests) is carried on too: nothing leaves the count.
        _batch.AddDropped(pending.Digest.Summary.DroppedQueueFull, DropReason.QueueFull);
        _batch.AddDropped(pending.Digest.Summary.DroppedClosing, DropReason.Closing);
        _batch.AddUndelivered(pending.EventCount + pending.CarriedUndelivered, pending.LastFailure ?? "unknown failure", outcomeUnknown: false);
        var message = kind == DingTalkDiagnosticKind.Permanent
            ? $"A digest of {pending.EventCount} events was refused: {pending.LastFailure}. Retrying cannot fix this; the next digest will count these events."
            : $"A digest of {pending.EventCount} events could not be delivered within the retry time limit ({pending.LastFailure}); the next digest will count these events.";
        ReportOnce(kind, kind + ":" + pending.LastFailure, message);
    }

    private void Wait(DateTimeOffset? due, DateTimeOffset now, Task wake)
    {
        // What brings new events (see BusyPollInterval): while they are flowing, a short real-time poll or a burst of
        // FloodWakeCount events; once a look finds none, the queue's wake-up at the first event.
        Task<bool>? readable = null;
        if (!_queueCompleted)
        {
            var polling = _lastDrainCount > 0;
            _queue.WakeCount = polling ? FloodWakeCount : 1;
            readable = _readable ??= _queue.WaitToReadAsync();
            if (readable.IsCompleted)
            {
                ObserveReadable(readable);
                return;
            }

            if (polling)
            {
                // Completes the read above when it fires.
                _queue.PollAfter(BusyPollInterval);
            }
            else if (!_queue.IsEmpty)
            {
                // The wake-up count just went down to 1: events that came before that did not wake us.
                return;
            }
        }

        // Once stopping, there is nothing left to be woken for but the deadline.
        var stop = _stopNoticed ? null : wake;
        var delay = due is { } dueAt ? dueAt - now : (TimeSpan?)null;
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        // Linked to the shutdown abort: the shutdown timeout is wall-clock time, and the delay runs on the
        // TimeProvider, which (a test's fake clock) may never reach the deadline by itself.
        using var cancelDelay = delay is null ? null : CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        var tasks = new List<Task>(4);
        if (delay is { } d)
        {
            tasks.Add(TimeProviderCompat.Delay(_time, d, cancelDelay!.Token));
        }

        AddIfNotNull(tasks, readable);
        AddIfNotNull(tasks, stop);
        if (tasks.Count > 0)
        {
            Task.WaitAny(tasks.ToArray());
        }

        cancelDelay?.Cancel();
        if (readable is { IsCompleted: true })
        {
            ObserveReadable(readable);
        }
    }

    private static void AddIfNotNull(List<Task> tasks, Task? task)
    {
        if (task is not null)
        {
            tasks.Add(task);
        }
    }

    private void ObserveReadable(Task<bool> readable)
    {
        // The cached task is dropped only once it has completed: creating a new one on every timed-out wait leaked
        // memory in PeriodicBatching (issue 76).
        _readable = null;
        if (readable.Status == TaskStatus.RanToCompletion && !readable.Result)
        {
            _queueCompleted = true;
        }
    }

    private void PauseAfterLoopFailure()
    {
        // A cancelled delay (shutting down) ends the pause early; Task.WaitAny does not throw for it.
        Task.WaitAny(TimeProviderCompat.Delay(_time, TimeSpan.FromSeconds(1), _abort.Token));
    }

    private void ReportUndelivered()
    {
        var left = 0L;
        while (_queue.TryRead(out _))
        {
            left++;
        }

        var dropped = _queue.TakeDropped();
        DingTalkMetrics.AddEventsEnqueued(left);
        DingTalkMetrics.AddEventsDropped(dropped);
        left += dropped + _batch.EventCount + _batch.Dropped + _batch.UndeliveredEvents;
        while (_handedOver.TryDequeue(out var note))
        {
            left += note.Events;
        }

        if (_pending is { } pending)
        {
            left += pending.EventCount + pending.CarriedDropped + pending.CarriedUndelivered;
        }

        if (left > 0)
        {
            var reason = _pending?.LastFailure
                ?? (_batch.UndeliveredNotes.Count > 0 ? _batch.UndeliveredNotes[_batch.UndeliveredNotes.Count - 1].Reason : null)
                ?? "the shutdown timeout, the robot's budget or its throttle left no time to send them";
            Volatile.Write(ref _undeliveredReasonAtStop, _client.Redact(reason));
            Interlocked.Exchange(ref _undeliveredAtStop, left);
            Report(DingTalkDiagnosticKind.Final, $"{left} events were not delivered before shutdown ({reason}).");
        }
    }

    private void ReportOnce(DingTalkDiagnosticKind kind, string cause, string message)
    {
        if (_reportedCauses.Add(cause))
        {
            Report(kind, message);
        }
    }

    private void Report(DingTalkDiagnosticKind kind, string message)
    {
        if (_diagnostics is null)
        {
            return;
        }

        try
        {
            _diagnostics(new DingTalkDiagnostic(kind, _client.Redact(message)));
        }
        catch (Exception)
        {
            // A diagnostics handler that throws must not stop the loop.
        }
    }

    private static string Describe(Exception ex)
    {
        try
        {
            return ex.GetType().FullName + ": " + ex.Message;
        }
        catch (Exception)
        {
            return ex.GetType().FullName ?? "exception";
        }
    }

    private static string FormatInterval(TimeSpan interval)
        => interval.TotalSeconds < 90
            ? ((int)Math.Ceiling(interval.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) + " s"
            : ((int)Math.Ceiling(interval.TotalMinutes)).ToString(System.Globalization.CultureInfo.InvariantCulture) + " min";

    private static DingTalkRobotOptions ToRobotOptions(DingTalkDigestOptions options) => new()
    {
        WebhookUrl = options.WebhookUrl,
        Secret = options.Secret,
        Keywords = new List<string>(options.Keywords),
        MessagesPerMinute = options.MessagesPerMinute,
    };
}
