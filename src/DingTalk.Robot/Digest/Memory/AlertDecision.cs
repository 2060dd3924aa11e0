namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// What the next digest should tell, group by group, and whether it is worth sending at all. Hand it back to
/// <see cref="AlertMemory.Commit"/> once the digest is accepted; a digest that failed is simply not committed, so the
/// next decision tells the same story (with the counts that arrived meanwhile).
/// </summary>
internal sealed class AlertDecision
{
    private readonly Dictionary<AlertFingerprint, AlertVerdict> _byFingerprint;

    internal AlertDecision(TimeSpan decidedAt, List<AlertVerdict> verdicts, long forgottenEvents)
    {
        DecidedAt = decidedAt;
        Verdicts = verdicts;
        ForgottenEvents = forgottenEvents;
        _byFingerprint = new Dictionary<AlertFingerprint, AlertVerdict>(verdicts.Count);
        foreach (var verdict in verdicts)
        {
            _byFingerprint[verdict.Fingerprint] = verdict;
            ShouldSend |= verdict.IsFull;
            HasMentions |= verdict.Mention;
            UntoldEvents += verdict.SinceLastDigest;
        }

        UntoldEvents += forgottenEvents;
    }

    /// <summary>When it was decided (the caller's monotonic clock).</summary>
    public TimeSpan DecidedAt { get; }

    /// <summary>One verdict per group with something to say, most recently seen first.</summary>
    public IReadOnlyList<AlertVerdict> Verdicts { get; }

    /// <summary>
    /// Whether the digest has something to tell (Alertmanager's rule): a new, rising, back or worse group, a group gone
    /// quiet, or an ongoing one due for its repeat. Plain ongoing groups ride along and never cause a digest alone.
    /// </summary>
    public bool ShouldSend { get; }

    /// <summary>Whether any group deserves an @-mention.</summary>
    public bool HasMentions { get; }

    /// <summary>
    /// Events of fingerprints evicted from the memory before any accepted digest carried them: counted, so every event
    /// is still accounted for.
    /// </summary>
    public long ForgottenEvents { get; }

    /// <summary>All events not yet carried by an accepted digest (including <see cref="ForgottenEvents"/>): a final flush sends when this is not 0.</summary>
    public long UntoldEvents { get; }

    internal bool Committed { get; set; }

    /// <summary>The verdict for a group, or <see langword="null"/> when there is nothing to say about it.</summary>
    public AlertVerdict? Find(AlertFingerprint fingerprint)
        => _byFingerprint.TryGetValue(fingerprint, out var verdict) ? verdict : null;
}
