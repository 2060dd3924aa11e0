using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Tests.Memory;

/// <summary>
/// Replays a stream of digest windows through the memory as the engine will: observe the batch's groups, decide, send
/// only what is worth sending, commit only what the robot accepted. Records every attempt and the ledger.
/// </summary>
internal sealed class IncidentReplay
{
    private readonly MemoryClock _clock;

    public IncidentReplay(AlertMemoryOptions? options = null) => _clock = new MemoryClock(options);

    /// <summary>Whether the robot accepts a digest sent at this elapsed time. Default: always.</summary>
    public Func<TimeSpan, bool> Accepts { get; set; } = _ => true;

    /// <summary>Digests the robot accepted.</summary>
    public List<SentDigest> Sent { get; } = new();

    /// <summary>Every send attempt, accepted or not.</summary>
    public List<SentDigest> Attempts { get; } = new();

    /// <summary>Windows that had events: today's number of digests (each window is one message).</summary>
    public int WindowsWithEvents { get; private set; }

    /// <summary>Events logged.</summary>
    public long Logged { get; private set; }

    /// <summary>Events the accepted digests carried: the ledger, which must equal <see cref="Logged"/>.</summary>
    public long Told => Sent.Sum(d => d.Decision.Verdicts.Sum(v => v.SinceLastDigest) + d.Decision.ForgottenEvents);

    /// <summary>Runs windows of 10 s until <paramref name="until"/>; <paramref name="stream"/> gives each window's groups from its start.</summary>
    public void Run(TimeSpan until, Func<TimeSpan, IEnumerable<(AlertFingerprint Fingerprint, long Count)>> stream)
    {
        while (_clock.Elapsed < until)
        {
            var windowStart = _clock.Elapsed;
            _clock.Advance();
            var any = false;
            foreach (var (fingerprint, count) in stream(windowStart))
            {
                _clock.Observe(fingerprint, count);
                Logged += count;
                any = true;
            }

            WindowsWithEvents += any ? 1 : 0;
            var decision = _clock.Decide();
            if (!decision.ShouldSend)
            {
                continue;
            }

            var digest = new SentDigest(_clock.Elapsed, decision);
            Attempts.Add(digest);
            if (Accepts(_clock.Elapsed))
            {
                _clock.Commit(decision);
                Sent.Add(digest);
            }
        }
    }
}

/// <summary>A digest that went out (or was attempted) at <paramref name="At"/> since the replay began.</summary>
internal sealed record SentDigest(TimeSpan At, AlertDecision Decision)
{
    public AlertVerdict Of(AlertFingerprint fingerprint)
        => Decision.Find(fingerprint) ?? throw new InvalidOperationException("No verdict for " + fingerprint + " at " + At + ".");
}
