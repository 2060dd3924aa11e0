using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Memory;
using DingTalk.Robot.Digest.Relay;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// The digest loop's steps for a fleet with one digest, in one place: a replica's loop publishes its due batch
/// (<see cref="FleetRelayOut{TEvent}"/>); the fleet engine's loop takes the replicas' deltas in (<see cref="FleetRelayIn"/>),
/// before a stop too; and both write what they told back to the fleet's memory when Redis answers again.
/// </summary>
internal sealed class FleetRelaySteps<TEvent>
{
    // The most tellings written back to the fleet's memory at once (the most recently seen): one bounded script call.
    private const int MaxWrittenBack = 200;

    private readonly FleetRelayOut<TEvent>? _out;
    private readonly FleetRelayIn? _in;
    private readonly EventFolder<TEvent> _folder;
    private readonly DigestSchedule _schedule;
    private readonly AlertJudge<TEvent>? _judge;

    // A replica's loop judged a batch itself (the fleet did not answer): it writes its tellings back once it publishes again.
    private bool _judgedAlone;

    public FleetRelaySteps(FleetRelayOut<TEvent>? relayOut, FleetRelayIn? relayIn, EventFolder<TEvent> folder, DigestSchedule schedule, AlertJudge<TEvent>? judge)
    {
        _out = relayOut;
        _in = relayIn;
        _folder = folder;
        _schedule = schedule;
        _judge = judge;
    }

    /// <summary>Whether a replica's loop publishes its batches now (the fleet answers and its budget is coordinated).</summary>
    public bool PublishesNow => _out?.IsActive == true;

    /// <summary>Whether this loop is the fleet engine's (it takes deltas in).</summary>
    public bool TakesIn => _in is not null;

    /// <summary>
    /// Whether a replica's loop publishes its batches now (the fleet engine tells the story). Back from sending alone, it
    /// first writes what it told meanwhile to the fleet's memory, so the holder knows those groups.
    /// </summary>
    public bool Relaying(bool hasPending)
    {
        var relaying = !hasPending && PublishesNow;
        if (relaying && _judgedAlone)
        {
            _judgedAlone = false;
            _judge?.WriteBackToFleet(MaxWrittenBack);
        }

        return relaying;
    }

    /// <summary>A replica's loop is judging a batch itself.</summary>
    public void JudgingAlone() => _judgedAlone |= _out is not null;

    /// <summary>
    /// Publishes <paramref name="batch"/> to the fleet's digest and clears it; false when the fleet did not take it. Paced
    /// as digests are, so that a flood publishes a few deltas a minute, not one per full batch.
    /// </summary>
    public bool TryPublish(DigestBatch<TEvent> batch, TimeSpan now)
    {
        var accounts = batch.EventCount + batch.Dropped + batch.UndeliveredEvents;
        if (_out is null || !_out.TryPublish(batch))
        {
            return false;
        }

        _folder.Settle(accounts);
        batch.Clear();
        _schedule.Attempted(now);
        _schedule.DigestFormed();
        return true;
    }

    /// <summary>The fleet engine's take, when one is due.</summary>
    public void TakeIfDue(DigestBatch<TEvent> batch, TimeSpan now)
    {
        if (_in is not null && now >= _in.NextTakeAt)
        {
            Take(batch, now);
        }
    }

    /// <summary>When the fleet engine's loop must wake up next, given the digest's <paramref name="due"/>.</summary>
    public TimeSpan? WakeBy(TimeSpan? due)
        => _in is not null && (due is null || due > _in.NextTakeAt) ? _in.NextTakeAt : due;

    /// <summary>The fleet engine's take: only the holder of the fleet's lease gets any. Its events are DigestEvents (see DigestEngine).</summary>
    public void Take(DigestBatch<TEvent> batch, TimeSpan now)
    {
        if (_in is null)
        {
            return;
        }

        batch.FoldingAt = now;
        var taken = _in.TakeInto((DigestBatch<DigestEvent>)(object)batch, _folder.Held, now);
        if (taken > 0)
        {
            _folder.Hold(taken);
            _schedule.BatchOpened(now);
        }

        _schedule.NotBefore(_in.FirstDigestNotBefore);
        if (_in.TakeWriteBackDue())
        {
            _judge?.WriteBackToFleet(MaxWrittenBack);
        }
    }

    /// <summary>
    /// At a stop, the fleet engine waits (until <paramref name="waitUntil"/>) until what this replica published has been
    /// taken, by the holder or by itself once the lease is free, so that the fleet's digest carries it.
    /// </summary>
    public void TakeBeforeStop(DigestBatch<TEvent> batch, EngineClock clock, TimeSpan waitUntil, Action<TimeSpan> wait, CancellationToken abort)
    {
        while (_in is not null && !abort.IsCancellationRequested)
        {
            Take(batch, clock.Now);
            if (_in.AllTaken() || clock.Now >= waitUntil)
            {
                return;
            }

            wait(_in.NextTakeAt - clock.Now);
        }
    }

    /// <summary>The fleet engine delivered a digest: what it still holds untold is recorded at once.</summary>
    public void Delivered() => _in?.Delivered(_folder.Held);

    /// <summary>The fleet engine stops: the lease goes, and what it could not deliver is counted by the next holder.</summary>
    public void Release() => _in?.Release(_folder.Held);
}
