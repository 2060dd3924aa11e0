namespace DingTalk.Robot.Digest.Pipeline;

/// <summary>
/// A digest that was formatted and not yet delivered. It is kept as it is — same text, same msgUuid — so a retry
/// after a timeout can never post a second, different copy: new events go into the next digest instead.
/// </summary>
internal sealed class PendingDigest
{
    public PendingDigest(FormattedDigest digest) => Digest = digest;

    public FormattedDigest Digest { get; }

    public long EventCount => Digest.EventCount;

    /// <summary>When the next attempt may be made.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The last failure, redacted, for the "could not be delivered" note.</summary>
    public string? LastFailure { get; set; }
}
