using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// An event as the logger queues it: what grouping needs, read on the digest loop for every event, and the whole
/// <see cref="DigestEvent"/>, built only if a digest shows the event (see <see cref="PendingEventReader"/>).
/// </summary>
internal abstract class PendingEvent
{
    protected PendingEvent(DateTimeOffset timestamp, DigestLevel level, string category, Exception? exception)
    {
        Timestamp = timestamp;
        Level = level;
        Category = category;
        Exception = exception;
    }

    public DateTimeOffset Timestamp { get; }

    public DigestLevel Level { get; }

    public string Category { get; }

    public Exception? Exception { get; }

    /// <summary>The grouping key: the message template, or the message when there is none.</summary>
    public abstract string Template { get; }

    /// <summary>The user's own fingerprint: a <c>Fingerprint</c> value of the message's state, or <see langword="null"/>.</summary>
    public virtual string? UserFingerprint => null;

    public abstract DigestEvent ToDigestEvent();
}
