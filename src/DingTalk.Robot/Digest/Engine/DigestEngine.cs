using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Memory;
using DingTalk.Robot.Digest.Relay;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// The digest engine both front ends share: the application hands it events with <see cref="TryEnqueue"/> (never
/// blocking, never throwing), and the digest loop (<see cref="DigestLoop{TEvent}"/>, on a thread of its own) folds
/// them into one markdown digest per batch, within the robot's budget. This type is the engine's face and lifecycle:
/// it builds the parts, starts the loop, and asks it to flush, to stop, or to count what another engine handed over.
/// </summary>
/// <typeparam name="TEvent">
/// What the front end enqueues, read on the loop by a <see cref="DigestEventReader{TEvent}"/>: no formatting on the
/// application's thread, and only the events a digest shows are ever rendered.
/// </typeparam>
internal sealed class DigestEngine<TEvent> : IDisposable, IAsyncDisposable
{
    // How long past the shutdown timeout a stop waits for a loop that does not end, before it gives up on it.
    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(1);

    private readonly EventQueue<TEvent> _queue;
    private readonly EngineRequests _requests = new();
    private readonly StopOutcome _outcome = new();
    private readonly IDigestSender _sender;
    private readonly DeliveryReporter _reporter;
    private readonly LoopWatchdog _watchdog;
    private readonly DigestLoop<TEvent> _loop;
    private readonly EngineClock _clock;
    private readonly TimeSpan _shutdownTimeout;
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource<bool> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _disposeLock = new();

    // Fleet mode with one digest: the engine that sends the fleet's digest while this replica holds the lease.
    private readonly DigestEngine<DigestEvent>? _fleetEngine;
    private Task? _disposeTask;

    /// <summary>Creates the engine and starts its loop.</summary>
    /// <param name="options">Where and how to send; validated here (see <see cref="DingTalkDigestOptions.Validate"/>).</param>
    /// <param name="reader">Reads enqueued events, on the loop; may throw (the event is then shown as unreadable, still counted).</param>
    /// <param name="diagnostics">Receives lines about delivery (failures with what to fix, give-ups, throttling), redacted; <see langword="null"/> for none.</param>
    /// <param name="continuedMemory">
    /// The alert memory of the engine this one replaces (an options reload, same robot and clock), so that known groups
    /// stay known; <see langword="null"/> for a memory of its own.
    /// </param>
    public DigestEngine(DingTalkDigestOptions options, DigestEventReader<TEvent> reader, Action<DingTalkDiagnostic>? diagnostics, KeptAlertMemory? continuedMemory = null)
        : this(options, reader, diagnostics, EngineSeams.None, continuedMemory)
    {
    }

    /// <summary>As above, with a test's seams (a scripted sender, an observer of the loop, the stall clock).</summary>
    internal DigestEngine(
        DingTalkDigestOptions options, DigestEventReader<TEvent> reader, Action<DingTalkDiagnostic>? diagnostics, EngineSeams seams, KeptAlertMemory? continuedMemory = null)
        : this(options, reader, diagnostics, seams, continuedMemory, relayIn: null)
    {
    }

    // relayIn: this is a fleet engine, fed by the fleet's deltas (TEvent is DigestEvent); null for a front end's engine.
    private DigestEngine(
        DingTalkDigestOptions options, DigestEventReader<TEvent> reader, Action<DingTalkDiagnostic>? diagnostics, EngineSeams seams, KeptAlertMemory? continuedMemory, FleetRelayIn? relayIn)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        options.Validate();
        var time = options.TimeProvider ?? TimeProvider.System;
        var stallClock = seams.StallClock ?? TimeProvider.System;
        _clock = new EngineClock(time);
        _shutdownTimeout = options.ShutdownTimeout;
        _sender = seams.Sender ?? DigestSenders.Create(options, time, diagnostics);
        _reporter = new DeliveryReporter(diagnostics, _sender.Redact);
        _watchdog = new LoopWatchdog(stallClock, _reporter.LoopStuck);
        _reporter.Watchdog = _watchdog;
        _queue = new EventQueue<TEvent>(options.QueueLimit, reader);
        if (options.RememberAlerts)
        {
            AlertMemory = continuedMemory is not null && continuedMemory.RunsOn(time) ? continuedMemory : new KeptAlertMemory(time, options.MaxTrackedAlerts);
        }

        var channel = relayIn is null ? seams.FleetDigestChannel ?? Fleet.FleetDigestChannels.For(options, diagnostics) : null;
        var relayOut = channel is null ? null : new FleetRelayOut<TEvent>(channel, reader, _sender as Fleet.IFleetCoordination);
        var settings = DigestFormatterSettings.FromOptions(
            options, DigestEnvironment.EnvironmentName(), DigestEnvironment.HostName(), DigestEnvironment.DefaultApp());
        _loop = new DigestLoop<TEvent>(
            new DigestLoopParts<TEvent>
            {
                Queue = _queue,
                Reader = reader,
                Requests = _requests,
                Sender = _sender,
                Renderer = new TimeBoxedDigestRenderer<TEvent>(reader, settings, stallClock, _reporter, _watchdog),
                Reporter = _reporter,
                Watchdog = _watchdog,
                Outcome = _outcome,
                Clock = _clock,
                Abort = _abort.Token,
                Observer = seams.Observer,
                Judge = AlertMemory is null ? null : new AlertJudge<TEvent>(AlertMemory, options.ToAlertMemoryOptions(), seams.FleetAlertLog ?? Fleet.FleetAlertLogs.For(options, diagnostics)),
                Signer = relayOut is null ? FleetSigner.For(options, _sender) : new FleetSigner(channel!.Replica, relayOut),
                RelayOut = relayOut,
                RelayIn = relayIn,
            },
            options);
        if (channel is not null)
        {
            // Its own loop and alert memory, and this engine's sender (one budget per robot in the process): the fleet's
            // digest is judged against the fleet's memory, and this engine's own judge serves only while the replica sends alone.
            var fleetSeams = new EngineSeams { Sender = seams.FleetSender ?? new BorrowedDigestSender(_sender), StallClock = seams.StallClock, FleetAlertLog = seams.FleetAlertLog };
            _fleetEngine = new DigestEngine<DigestEvent>(options, DigestEventPassThroughReader.Instance, diagnostics, fleetSeams, null, new FleetRelayIn(channel));
        }

        StartLoopThread();
    }

    /// <summary>The alert memory the engine keeps (for an engine that replaces it), or <see langword="null"/> when alerts are not remembered.</summary>
    public KeptAlertMemory? AlertMemory { get; }

    /// <summary>The events waiting in the queue, not yet folded into a batch (for the benchmarks).</summary>
    internal int QueuedCount => _queue.Count;

    /// <summary>Whether no event waits in the queue (for the engine's tests).</summary>
    internal bool QueueIsEmpty => _queue.IsEmpty;

    /// <summary>
    /// Once the engine has stopped: how many events it could not deliver, as its last diagnostic said. A front end that
    /// replaces the engine (a configuration change) hands them to the new one with <see cref="AddUndelivered"/>.
    /// </summary>
    public long UndeliveredAtStop => _outcome.Undelivered;

    /// <summary>Why <see cref="UndeliveredAtStop"/> events could not be delivered (redacted), or <see langword="null"/>.</summary>
    public string? UndeliveredReasonAtStop => _outcome.Reason;

    /// <summary>
    /// Queues <paramref name="item"/> for the next digest. Never blocks and never throws: when the queue is full, or the
    /// engine is stopping, the event is dropped and counted.
    /// </summary>
    /// <returns>Whether the event was queued.</returns>
    public bool TryEnqueue(TEvent item) => _queue.TryWrite(item);

    /// <summary>
    /// For a front end that builds its event only to queue it: whether the queue would refuse one now. If so, the front
    /// end counts the event with <see cref="CountRefused"/> instead of building it (nothing built on the drop path).
    /// </summary>
    public bool WouldRefuse => _queue.WouldRefuse;

    /// <summary>Counts an event that <see cref="WouldRefuse"/> kept from being built, in its template's group. Never throws.</summary>
    public void CountRefused(string? template, DigestLevel level) => _queue.CountRefused(template, level);

    /// <summary>
    /// Delivers what is pending now, in one digest, as soon as the pacing and the robot's budget allow, and completes
    /// when it is delivered, failed, or <see cref="DingTalkDigestOptions.ShutdownTimeout"/> has passed. Logging goes on
    /// meanwhile; what is logged after it joins the next digest. For a host's <c>StopAsync</c>.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the flush itself goes on).</param>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = _requests.RequestFlush();
        using var timeout = new CancellationTokenSource(_shutdownTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (linked.Token.Register(() => cancelled.TrySetResult(true)))
        {
            await Task.WhenAny(flushed, cancelled.Task, _stopped.Task).ConfigureAwait(false);
        }

        if (_fleetEngine is not null)
        {
            // What this replica published goes out in the fleet's digest, if this replica holds the lease.
            await _fleetEngine.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Counts <paramref name="events"/> that another engine could not deliver (see <see cref="UndeliveredAtStop"/>) in
    /// this engine's next digest. Thread-safe; never throws.
    /// </summary>
    public void AddUndelivered(long events, string? reason)
    {
        if (events > 0)
        {
            _requests.HandOver(events, reason ?? "unknown failure");
        }
    }

    /// <summary>Delivers what is pending, within the shutdown timeout, and stops. Safe to call more than once.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Delivers what is pending, within the shutdown timeout, and stops. Safe to call more than once.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_disposeLock)
        {
            _disposeTask ??= StopAsync();
            return new ValueTask(_disposeTask);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"DingTalk digest engine ({_sender})";

    private async Task StopAsync()
    {
        _requests.RequestStop(_clock.Now + _shutdownTimeout);
        _queue.Complete();

        // The shutdown timeout is a promise in real time: whatever the loop is waiting for (a slow robot, the budget,
        // a fake clock in a test), in-flight work is cancelled when it runs out, and we return shortly after.
        _abort.CancelAfter(_shutdownTimeout);
        await Task.WhenAny(_stopped.Task, Task.Delay(_shutdownTimeout + ShutdownMargin)).ConfigureAwait(false);
        if (!_stopped.Task.IsCompleted)
        {
            ReportLoopThatNeverReturned();
        }

        if (_fleetEngine is not null)
        {
            // After this engine's last delta is published: the fleet engine waits for it to be taken, and sends it if
            // this replica holds the lease (or takes it, free, at the end).
            await _fleetEngine.DisposeAsync().ConfigureAwait(false);
        }

        _sender.Dispose();
        _watchdog.Dispose();
        if (_stopped.Task.IsCompleted)
        {
            // A loop that never returned may still use the queue's poll timer; it then fires once and is let go.
            _queue.Dispose();
        }
    }

    // The loop is stuck in someone's code: its count is the last it published, plus what it never took in.
    private void ReportLoopThatNeverReturned()
    {
        var closing = _queue.TakeDroppedWhileClosed();
        var left = _loop.Held + _queue.ItemsWaiting + _queue.TakeDropped() + _requests.HandedOverWaiting + closing;
        var reason = $"the digest loop has been busy {_watchdog.Describe()} for {(int)_watchdog.BusyFor.TotalSeconds} s";
        if (_outcome.TrySet(left, reason))
        {
            _reporter.NotDeliveredAtStop(left, closing, reason, onLoop: false);
        }
    }

    private void StartLoopThread()
    {
        // A thread of its own, as Serilog.Sinks.Async's worker and Microsoft.Extensions.Logging.Console's queue have:
        // on the thread pool, every wake-up left workers spinning for work on the other core. It must not capture the
        // caller's ExecutionContext: AsyncLocal state (an ambient Activity, a logging scope) would otherwise stay alive,
        // and flow into every send, for the engine's lifetime.
        var thread = new Thread(RunLoop) { IsBackground = true, Name = "DingTalk digest loop" };
        if (ExecutionContext.IsFlowSuppressed())
        {
            thread.Start();
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            thread.Start();
        }
    }

    private void RunLoop()
    {
        try
        {
            _loop.Run();
        }
        catch (Exception ex)
        {
            // The loop catches what it expects; anything else must not take the application down with this thread.
            _reporter.LoopEnded(ex);
        }
        finally
        {
            _stopped.TrySetResult(true);
        }
    }
}
