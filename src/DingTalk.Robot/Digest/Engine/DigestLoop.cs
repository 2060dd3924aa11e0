using DingTalk.Robot.Diagnostics;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// The digest loop, on its own thread: it folds queued events into the batch, and when <see cref="DigestSchedule"/>
/// says a digest is due and the robot's budget allows, it forms the digest and sends it, folding new events while the
/// post is in flight. With alert memory, a due batch is first judged (<see cref="AlertJudge{TEvent}"/>): when it has
/// nothing new to tell, it stays open and its counts ride along in the next digest that goes out. A flush or a stop delivers what is pending at that moment (<see cref="DeliverPending"/>); then the
/// loop goes on (a flush) or ends, with a last word about what it could not deliver (a stop). In a fleet with one
/// digest, a replica's loop publishes a due batch to the fleet instead (<see cref="Relay.FleetRelayOut{TEvent}"/>), and
/// the fleet engine's loop takes the replicas' deltas in (<see cref="Relay.FleetRelayIn"/>) and sends the fleet's digest.
/// </summary>
internal sealed class DigestLoop<TEvent>
{
    private readonly QueueWaiter<TEvent> _waiter;
    private readonly DigestEventReader<TEvent> _reader;
    private readonly EngineRequests _requests;
    private readonly IDigestSender _sender;
    private readonly TimeBoxedDigestRenderer<TEvent> _renderer;
    private readonly DeliveryReporter _reporter;
    private readonly DigestSchedule _schedule;
    private readonly DigestBackoff _backoff;
    private readonly EngineClock _clock;
    private readonly CancellationToken _abort;
    private readonly TimeSpan _shutdownTimeout;
    private readonly AlertJudge<TEvent>? _judge;
    private readonly KeyValuePair<string, object?> _robotTag;
    private readonly FleetSigner? _signer;
    private readonly FleetRelaySteps<TEvent> _relay;
    private readonly StopLastWord<TEvent> _lastWord;

    private DigestBatch<TEvent> _batch;

    // The batch's events when it was last judged with nothing to tell: the ones after it make the open window.
    private long _judgedEvents;
    private PendingDigest? _pending;
    private readonly EventFolder<TEvent> _folder;

    // The last flush's attempt failed: the stop that follows does not ask the robot again (see DeliverPending).
    private bool _flushFailed;

    public DigestLoop(DigestLoopParts<TEvent> parts, DingTalkDigestOptions options)
    {
        _reader = parts.Reader;
        _requests = parts.Requests;
        _sender = parts.Sender;
        _renderer = parts.Renderer;
        _reporter = parts.Reporter;
        _clock = parts.Clock;
        _abort = parts.Abort;
        _waiter = new QueueWaiter<TEvent>(parts.Queue, _clock, _abort, parts.Observer);
        _schedule = new DigestSchedule(options.BufferingTimeLimit, options.BatchSizeLimit, options.EffectiveMessagesPerMinute, options.EagerlyEmitFirstEvent);
        _backoff = new DigestBackoff(options.BufferingTimeLimit, options.RetryTimeLimit);
        _shutdownTimeout = options.ShutdownTimeout;
        _judge = parts.Judge;
        _robotTag = DingTalkMetrics.RobotTagOf(_sender.RobotName);
        _signer = parts.Signer;
        _folder = new EventFolder<TEvent>(parts.Queue, _reader, _requests, _clock, _schedule, parts.Watchdog, _robotTag);
        _relay = new FleetRelaySteps<TEvent>(parts.RelayOut, parts.RelayIn, _folder, _schedule, _judge);
        _lastWord = new StopLastWord<TEvent>(parts.Queue, _requests, parts.Outcome, _reporter, _robotTag);
        _batch = NewBatch();
    }

    /// <summary>The events the loop holds, as last published (for a stop whose loop never returned).</summary>
    public long Held => _folder.Held;

    public void Run()
    {
        while (!_requests.StopRequested)
        {
            try
            {
                RunOnce();
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Nothing here is expected to throw; if it does, say so and carry on after a pause rather than spin:
                // a loop that dies or hot-loops would take the whole sink with it.
                _reporter.LoopFailed(ex);
                _waiter.Wait(TimeSpan.FromSeconds(1), _requests.Wake, QueueFlow.Quiet);
            }
        }

        try
        {
            DeliverPending(_requests.StopDeadline, final: true);
        }
        catch (Exception)
        {
            // Cancelled at the shutdown timeout, typically: what is left is counted below.
        }

        // What the fleet engine could not deliver is counted by the next holder, if this one held the lease.
        _relay.Release();
        _lastWord.Say(_batch, _pending);
    }

    private void RunOnce()
    {
        // Taken before the requests are read: see WakeSignal.
        var wake = _requests.Wake;
        _folder.Drain(_batch);
        if (_requests.TakeFlush() is { } flush)
        {
            DeliverPending(_clock.Now + _shutdownTimeout, final: false);
            flush.TrySetResult(true);
            return;
        }

        if (_requests.StopRequested)
        {
            return;
        }

        var now = _clock.Now;
        _relay.TakeIfDue(_batch, now);

        // A replica of a fleet with one digest publishes its batches, and the fleet engine tells the story.
        var relaying = _relay.Relaying(_pending is not null);
        var windowEvents = _batch.EventCount - _judgedEvents;
        var windowIsEmpty = windowEvents == 0 && !_batch.HasLossNotes;
        var due = _schedule.DueAt(_pending is not null, windowEvents, windowIsEmpty, relaying ? null : now + _judge?.NextChangeIn());
        if (due <= now)
        {
            if (relaying && Publish(now))
            {
                return;
            }

            DigestStory? story = null;
            if (_pending is null && _judge is not null)
            {
                _relay.JudgingAlone();
                story = _judge.Judge(_batch, now);
                if (!story.IsWorthSending && !_batch.HasLossNotes)
                {
                    // Nothing new: no digest, and the window's counts ride along in the next one that goes out.
                    _judgedEvents = _batch.EventCount;
                    _schedule.Judged(now);
                    return;
                }
            }

            var budgetWait = _sender.WaitBeforeNextSend();
            if (budgetWait <= TimeSpan.Zero)
            {
                Attempt(_pending ?? Form(story));
                return;
            }

            due = now + budgetWait;
        }

        _waiter.Wait(_relay.WakeBy(due) - now, wake, _folder.Flow);
    }

    // The batch goes to the fleet's digest; the fleet engine of the replica holding the lease tells it.
    private bool Publish(TimeSpan now)
    {
        if (!_relay.TryPublish(_batch, now))
        {
            return false;
        }

        _judgedEvents = 0;
        return true;
    }

    // A flush (a host's StopAsync) or a stop: what is pending now goes out in one digest (plus the retry of a digest
    // already formed) as soon as the robot's budget allows, by the deadline. Events logged meanwhile join that digest or the next one: never
    // a digest each, however fast they come.
    private void DeliverPending(TimeSpan deadline, bool final)
    {
        _folder.Drain(_batch);
        if (_relay.TakesIn)
        {
            if (final)
            {
                // Within half the shutdown timeout: the rest is for sending what it took.
                var waitUntil = deadline - TimeSpan.FromTicks(_shutdownTimeout.Ticks / 2);
                _relay.TakeBeforeStop(_batch, _clock, waitUntil, delay => _waiter.Wait(delay, _requests.Wake, QueueFlow.Quiet), _abort);
            }
            else
            {
                _relay.Take(_batch, _clock.Now);
            }
        }

        if (final && _flushFailed)
        {
            // A flush has just failed (MEL's StopAsync, then Dispose): the robot that refused or did not answer is not
            // asked again; the last word counts what is pending.
            return;
        }

        // A digest formed earlier goes first. If it cannot be sent, or fails again, the batch waits behind it: at a
        // flush it keeps its place and its backoff; at a stop the last word counts both.
        if (_pending is { } retry && !Delivered(TryAttemptBy(retry, deadline, final), final))
        {
            return;
        }

        if (!_batch.IsEmpty)
        {
            if (_relay.PublishesNow && Publish(_clock.Now))
            {
                return;
            }

            Delivered(TryAttemptBy(Form(_judge?.Judge(_batch, _clock.Now)), deadline, final), final);
        }
    }

    private bool Delivered(bool? attempt, bool final)
    {
        if (!final)
        {
            _flushFailed = attempt == false;
        }

        return attempt == true;
    }

    // One attempt as soon as the budget allows, if that is before the deadline: whether it was delivered, or null when
    // no attempt was made.
    private bool? TryAttemptBy(PendingDigest pending, TimeSpan deadline, bool final)
    {
        while (!_abort.IsCancellationRequested && (final || !_requests.StopRequested))
        {
            // Not the schedule's spacing: that keeps budget for the digests to come, and an app that flushes or stops
            // has none to come (it sends at most two). The robot's budget still binds.
            var now = _clock.Now;
            var due = now + _sender.WaitBeforeNextSend();
            if (due > deadline)
            {
                return null;
            }

            if (due <= now)
            {
                return Attempt(pending);
            }

            _waiter.Wait(due - now, _requests.Wake, _folder.Flow);
            _folder.Drain(_batch);
        }

        return null;
    }

    private PendingDigest Form(DigestStory? story)
    {
        // Fleet mode: signed now, with whether the fleet's budget is coordinated now (a retry keeps the signature).
        var digest = _renderer.Render(_batch, Guid.NewGuid().ToString("N"), story, _signer?.Sign(), out var abandoned);
        _pending = new PendingDigest(digest, _batch.UndeliveredEvents, _batch.LastUndeliveredReason, story);
        _judgedEvents = 0;
        if (abandoned)
        {
            // The abandoned rendering still reads the old batch.
            _batch = NewBatch();
        }
        else
        {
            _batch.Clear();
        }

        _schedule.DigestFormed();
        return _pending;
    }

    // Whether the digest was delivered.
    private bool Attempt(PendingDigest pending)
    {
        _schedule.Attempted(_clock.Now);
        var send = _sender.SendAsync(pending.MessageForAttempt, _abort);
        while (!send.IsCompleted)
        {
            // Keep folding while the post is in flight (a round trip to DingTalk takes a while): the queue would
            // otherwise fill up during every post. In a flood, at the flood's pace.
            _folder.Drain(_batch);
            _waiter.Wait(delay: null, wake: null, _folder.Flow == QueueFlow.Flooded ? QueueFlow.Flooded : QueueFlow.Flowing, inFlight: send);
        }

        var result = send.GetAwaiter().GetResult();
        var now = _clock.Now;
        switch (result.Kind)
        {
            case DingTalkFailureKind.None:
                _pending = null;
                _flushFailed = false;
                if (pending.Story is { } told)
                {
                    // Only now: a digest that failed is not remembered as told, so its retry or successor tells the same story.
                    _judge!.Commit(told);
                }

                _folder.Settle(pending.Accounts);
                _relay.Delivered();
                _backoff.MarkSuccess();
                _schedule.Delivered();
                _reporter.Delivered();
                return true;

            case DingTalkFailureKind.Throttled:
                // Not a failure of ours to back off from: the budget knows when the penalty ends, and new events keep
                // folding into the next digest meanwhile.
                pending.LastFailure = DingTalkErrorText.Describe(result);
                _reporter.Throttled(pending.LastFailure);
                break;

            case DingTalkFailureKind.Transient:
                pending.LastFailure = DingTalkErrorText.Describe(result);

                // No answer: DingTalk may have posted it (its de-duplication by msgUuid is not documented), so the
                // retry is marked as re-sent and, if given up, the digest is counted as "may not have been delivered".
                pending.OutcomeUnknown |= result.MayHaveBeenDelivered;
                _backoff.MarkFailure(now);
                if (_backoff.ShouldGiveUp(now))
                {
                    GiveUp(pending);
                    _reporter.RetriesExhausted(pending.EventCount, pending.LastFailure, pending.OutcomeUnknown);
                }
                else
                {
                    _schedule.Failed(now + _backoff.NextInterval);
                    _reporter.Retrying(result, pending.EventCount, pending.LastFailure, _backoff.NextInterval, pending.OutcomeUnknown);
                }

                break;

            default:
                pending.LastFailure = DingTalkErrorText.Describe(result);
                _backoff.MarkFailure(now);
                GiveUp(pending);
                _reporter.Refused(pending.EventCount, pending.LastFailure);
                break;
        }

        return false;
    }

    // The digest leaves; its events stay counted, as a note in the next digest.
    private void GiveUp(PendingDigest pending)
    {
        var now = _clock.Now;
        _pending = null;
        _schedule.Failed(now + _backoff.NextInterval);
        _schedule.BatchOpened(now);
        pending.LastFailure ??= "unknown failure";
        _batch.AddDropped(pending.Digest.Summary.DroppedQueueFull, DropReason.QueueFull);
        _batch.AddDropped(pending.Digest.Summary.DroppedClosing, DropReason.Closing);
        _batch.AddUndelivered(pending.EventCount + pending.CarriedUndelivered, pending.LastFailure, pending.OutcomeUnknown);
    }

    private static DigestBatch<TEvent> NewBatch() => new(new DigestBatchLimits());
}
