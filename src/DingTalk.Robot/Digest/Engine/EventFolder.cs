using DingTalk.Robot.Diagnostics;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// Takes what waits for the digest loop — queued events, the events a full queue refused (by template and level, into
/// their groups), hand-overs from another engine — into the batch, and keeps the count of what the loop holds (for the
/// stop's last word about a loop that never returns).
/// </summary>
internal sealed class EventFolder<TEvent>
{
    // Bounds one round of draining, so that a flood cannot keep the loop from sending.
    private const int MaxEventsPerDrain = 10_000;

    private readonly EventQueue<TEvent> _queue;
    private readonly DigestEventReader<TEvent> _reader;
    private readonly EngineRequests _requests;
    private readonly EngineClock _clock;
    private readonly DigestSchedule _schedule;
    private readonly LoopWatchdog _watchdog;
    private readonly KeyValuePair<string, object?> _robotTag;

    // Events taken in and not yet settled: written by the loop only, read by the stop.
    private long _held;

    public EventFolder(EventQueue<TEvent> queue, DigestEventReader<TEvent> reader, EngineRequests requests, EngineClock clock, DigestSchedule schedule, LoopWatchdog watchdog, KeyValuePair<string, object?> robotTag)
    {
        _robotTag = robotTag;
        _queue = queue;
        _reader = reader;
        _requests = requests;
        _clock = clock;
        _schedule = schedule;
        _watchdog = watchdog;
    }

    /// <summary>The events the loop holds (batch and pending digest), as last published.</summary>
    public long Held => Volatile.Read(ref _held);

    /// <summary>What the last drain found: no event, events, or events while the full queue refused others.</summary>
    public QueueFlow Flow { get; private set; }

    /// <summary>The loop took in <paramref name="events"/> from elsewhere (the fleet's deltas): it holds them from now on.</summary>
    public void Hold(long events) => Volatile.Write(ref _held, _held + events);

    /// <summary>A digest accounting for <paramref name="events"/> was delivered: they leave the loop.</summary>
    public void Settle(long events) => Volatile.Write(ref _held, _held - events);

    /// <summary>Folds what waits into <paramref name="batch"/>, at most one round's worth of events.</summary>
    public void Drain(DigestBatch<TEvent> batch)
    {
        var previous = _watchdog.Enter(LoopActivity.Folding);
        var now = _clock.Now;
        batch.FoldingAt = now;
        var held = _held;
        while (_requests.TryTakeHandedOver(out var note))
        {
            _schedule.BatchOpened(now);
            batch.AddUndelivered(note.Events, note.Reason, note.OutcomeUnknown);
            held += note.Events;
        }

        var refused = TakeTallied(batch, now) + TakeDropped(batch, _queue.TakeDroppedUntallied(), DropReason.QueueFull, now);
        held += refused;

        // Refused while the logger was closing: counted in the final digest, under that reason.
        held += TakeDropped(batch, _queue.TakeDroppedWhileClosed(), DropReason.Closing, now);

        var count = 0;
        for (; count < MaxEventsPerDrain && _queue.TryRead(out var item); count++)
        {
            // Published before the fold: a reader that hangs in it leaves this event counted.
            Volatile.Write(ref _held, ++held);
            Fold(batch, item);
        }

        if (count > 0)
        {
            _schedule.BatchOpened(now);
            DingTalkMetrics.AddEventsEnqueued(count, _robotTag);
        }

        Volatile.Write(ref _held, held);
        Flow = count == 0 ? QueueFlow.Quiet : refused > 0 ? QueueFlow.Flooded : QueueFlow.Flowing;
        _watchdog.Enter(previous);
    }

    private long TakeDropped(DigestBatch<TEvent> batch, long dropped, DropReason reason, TimeSpan now)
    {
        if (dropped > 0)
        {
            DingTalkMetrics.AddEventsDropped(dropped, _robotTag);
            _schedule.BatchOpened(now);
            batch.AddDropped(dropped, reason);
        }

        return dropped;
    }

    // What the full queue refused, counted by the callers per template and level: into the template's group, the
    // same one its queued events fold into (so it has the same alert fingerprint); the rest as dropped, per level.
    private long TakeTallied(DigestBatch<TEvent> batch, TimeSpan now)
    {
        var receiver = new TallyReceiver(batch, _clock);
        _queue.TakeTallied(ref receiver);
        if (receiver.Events > 0)
        {
            DingTalkMetrics.AddEventsDropped(receiver.Events, _robotTag);
            _schedule.BatchOpened(now);
        }

        return receiver.Events;
    }

    private void Fold(DigestBatch<TEvent> batch, TEvent item)
    {
        try
        {
            // No DigestEvent yet: DigestContent.From asks the reader for one only if the digest shows this event.
            batch.Add(_reader.Fold(item));
        }
        catch (Exception ex)
        {
            // Still counted, and visible: an event that cannot be read is itself worth knowing about.
            batch.AddUnreadable(_clock.WallNow, DeliveryReporter.Describe(ex));
        }
    }

    private struct TallyReceiver : IDropTallyReceiver
    {
        private readonly DigestBatch<TEvent> _batch;
        private readonly EngineClock _clock;
        private DateTimeOffset? _at;

        public TallyReceiver(DigestBatch<TEvent> batch, EngineClock clock)
        {
            _batch = batch;
            _clock = clock;
            _at = null;
            Events = 0;
        }

        public long Events { get; private set; }

        // An event that was never queued has no exception: its group's fingerprint is the template-only one
        // (AlertFingerprint.OfTemplate) unless a queued event of the same template brings one.
        public void Attributed(string template, DigestLevel level, long count)
        {
            // The wall clock is read only when there is something to place in time (stands in for their timestamps).
            _at ??= _clock.WallNow;
            _batch.AddUncollected(template, level, count, _at.Value);
            Events += count;
        }

        public void Unattributed(DigestLevel level, long count)
        {
            _batch.AddDropped(level, count);
            Events += count;
        }
    }
}
