using DingTalk.Robot.Diagnostics;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// The loop's last word at a stop: everything it could not deliver, counted from every place an event can still be
/// (the queue, the full queue's tally, the batch, a digest formed but not sent, a hand-over not taken), and said once,
/// with the reason, through <see cref="StopOutcome"/>.
/// </summary>
/// <typeparam name="TEvent">The front end's event.</typeparam>
internal sealed class StopLastWord<TEvent>
{
    private readonly EventQueue<TEvent> _queue;
    private readonly EngineRequests _requests;
    private readonly StopOutcome _outcome;
    private readonly DeliveryReporter _reporter;
    private readonly KeyValuePair<string, object?> _robotTag;

    public StopLastWord(EventQueue<TEvent> queue, EngineRequests requests, StopOutcome outcome, DeliveryReporter reporter, KeyValuePair<string, object?> robotTag)
    {
        _queue = queue;
        _requests = requests;
        _outcome = outcome;
        _reporter = reporter;
        _robotTag = robotTag;
    }

    /// <summary>Counts and says what <paramref name="batch"/>, <paramref name="pending"/> and the queue still hold.</summary>
    public void Say(DigestBatch<TEvent> batch, PendingDigest? pending)
    {
        var left = 0L;
        while (_queue.TryRead(out _))
        {
            left++;
        }

        var dropped = _queue.TakeDropped();
        var closingInQueue = _queue.TakeDroppedWhileClosed();
        DingTalkMetrics.AddEventsDropped(dropped + closingInQueue, _robotTag);
        DingTalkMetrics.AddEventsEnqueued(left, _robotTag);

        // Refused while closing, wherever they were counted: the loop keeps draining while its final digest is on the
        // wire, so some may be in the batch already.
        var closing = closingInQueue + batch.DroppedFor(DropReason.Closing);
        left += dropped + batch.EventCount + batch.DroppedFor(DropReason.QueueFull) + batch.UndeliveredEvents;
        string? handedOverReason = null;
        while (_requests.TryTakeHandedOver(out var note))
        {
            left += note.Events;
            handedOverReason = note.Reason;
        }

        if (pending is not null)
        {
            left += pending.Accounts;
        }

        if (left + closing == 0)
        {
            return;
        }

        // The most specific failure these events met: the pending digest's own, the one its carried events met, the
        // batch's or a hand-over's; only with none of them did the stop just run out of time.
        var reason = pending?.LastFailure
            ?? pending?.CarriedReason
            ?? batch.LastUndeliveredReason
            ?? handedOverReason
            ?? (left > 0 ? "the shutdown timeout, the robot's budget or its throttle left no time to send them" : "they came after the final digest");
        if (_outcome.TrySet(left + closing, _reporter.Redact(reason)))
        {
            _reporter.NotDeliveredAtStop(left + closing, closing, reason);
        }
    }
}
