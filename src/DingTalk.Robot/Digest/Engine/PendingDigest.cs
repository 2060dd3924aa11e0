using DingTalk.Robot.Digest.Markdown;
namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// A digest that was formatted and not yet delivered. It is kept as it is — same text, same msgUuid — so a retry
/// after a timeout can never post a second, different copy: new events go into the next digest instead.
/// </summary>
internal sealed class PendingDigest
{
    public PendingDigest(FormattedDigest digest) => Digest = digest;

    public FormattedDigest Digest { get; }

    public long EventCount => Digest.EventCount;

    /// <summary>
    /// The events of earlier, given-up digests that this digest reports as undelivered. Like <see cref="CarriedDropped"/>,
    /// carried on to the next digest if this one is given up too, so that no event ever leaves the count.
    /// </summary>
    public long CarriedUndelivered { get; set; }

    /// <summary>The queue drops this digest reports.</summary>
    public long CarriedDropped => Digest.Dropped;

    /// <summary>When the next attempt may be made.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The last failure, redacted, for the "could not be delivered" note.</summary>
    public string? LastFailure { get; set; }
}
