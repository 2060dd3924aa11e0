using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// Connects a batch to the alert memory, for the digest loop: <see cref="Judge"/> tells the memory what the batch
/// gained since it last looked, asks it what a digest would say, and attaches the verdicts to the groups;
/// <see cref="Commit"/> records a story once the digest telling it was accepted.
/// </summary>
/// <remarks>
/// The batch stays open while its windows have nothing to tell, so it still holds, with exact counts, every event
/// since the last accepted digest: the ongoing groups' counts ride along in the next digest that goes out, and the
/// digest's totals remain the ledger. The memory is only the story.
/// </remarks>
internal sealed class AlertJudge<TEvent>
{
    private readonly KeptAlertMemory _kept;
    private readonly AlertMemoryOptions _options;
    private readonly IFleetAlertLog? _fleet;

    /// <param name="kept">The memory.</param>
    /// <param name="options">The thresholds.</param>
    /// <param name="fleet">The fleet's shared log (fleet mode), or <see langword="null"/> for a memory of this process alone.</param>
    public AlertJudge(KeptAlertMemory kept, AlertMemoryOptions options, IFleetAlertLog? fleet = null)
    {
        _kept = kept;
        _options = options;
        _fleet = fleet;
    }

    /// <summary>The memory the judge keeps (for an engine that continues it).</summary>
    public KeptAlertMemory Kept => _kept;

    /// <summary>Observes what <paramref name="batch"/> gained since the last judgement and decides what a digest of it says.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="loopNow">The loop's monotonic now (the clock of <see cref="DigestBatch{TEvent}.FoldingAt"/>).</param>
    public DigestStory Judge(DigestBatch<TEvent> batch, TimeSpan loopNow)
    {
        AlertDecision decision;
        lock (_kept.Gate)
        {
            var memory = _kept.Memory;
            var now = _kept.Now;

            // The loop's clock and the memory's have different origins (the memory may be older than the engine).
            var offset = now - loopNow;
            var fleet = _fleet is null ? null : FleetExchange.Start(_fleet, memory, batch, FingerprintOf, now, _kept.WallNow, _options);
            foreach (var group in batch.Groups)
            {
                var fingerprint = group.Fingerprint ??= FingerprintOf(group);
                if (group.TakeUnobserved(out var count, out var level, out var firstSeen, out var firstFoldedAt, out var lastFoldedAt))
                {
                    memory.Observe(
                        fingerprint, count, (DigestLevel)level, now, firstSeen, group.LastSeen, group.Template, firstFoldedAt + offset, lastFoldedAt + offset);
                }
            }

            fleet?.Finish();
            decision = memory.Decide(now, _options);
        }

        var inBatch = new HashSet<AlertFingerprint>();
        foreach (var group in batch.Groups)
        {
            group.Verdict = decision.Find(group.Fingerprint!.Value);
            inBatch.Add(group.Fingerprint.Value);
        }

        var elsewhere = new List<AlertVerdict>();
        foreach (var verdict in decision.Verdicts)
        {
            if (!inBatch.Contains(verdict.Fingerprint))
            {
                elsewhere.Add(verdict);
            }
        }

        return new DigestStory(decision, elsewhere);
    }

    /// <summary>The digest telling <paramref name="story"/> was accepted: the memory records it.</summary>
    public void Commit(DigestStory story)
    {
        lock (_kept.Gate)
        {
            _kept.Memory.Commit(story.Decision, _kept.Now);
        }

        if (_fleet is not null)
        {
            var told = new List<FleetAlertTelling>();
            foreach (var verdict in story.Decision.Verdicts)
            {
                if (verdict.IsFull)
                {
                    told.Add(FleetAlertTelling.Of(verdict));
                }
            }

            if (told.Count > 0)
            {
                _fleet.Told(told);
            }
        }
    }

    /// <summary>
    /// Writes what this memory told (the <paramref name="max"/> most recently seen) back to the fleet's, in the background,
    /// each at its age: for a replica that has just found Redis again, whose tellings the fleet may have lost (Redis
    /// restarted empty) or never had (told while Redis was away). A newer telling in the fleet's memory is never replaced.
    /// </summary>
    public void WriteBackToFleet(int max)
    {
        if (_fleet is null)
        {
            return;
        }

        var told = new List<FleetAlertTelling>();
        lock (_kept.Gate)
        {
            var now = _kept.Now;
            foreach (var entry in _kept.Memory.Told(max))
            {
                told.Add(FleetAlertTelling.Remembered(entry, now - entry.NotifiedAt));
            }
        }

        if (told.Count > 0)
        {
            _fleet.Told(told);
        }
    }

    /// <summary>
    /// How long until the memory has something new to say without any new event (a group going quiet, a repeat due),
    /// or <see langword="null"/> for never.
    /// </summary>
    public TimeSpan? NextChangeIn()
    {
        lock (_kept.Gate)
        {
            return _kept.Memory.NextChangeAt(_options) is { } at ? at - _kept.Now : null;
        }
    }

    // A group's events share its template (or the user's fingerprint); its first exception stands for them all.
    private static AlertFingerprint FingerprintOf(DigestGroup<TEvent> group)
        => AlertFingerprint.Of(group.Template, group.FirstException, group.UserFingerprint);
}
