using System.Diagnostics;
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

    // The W3C ids of Activity.Current at the call, kept as the structs they are: made text only if a digest shows it.
    private ActivityTraceId _traceId;
    private ActivitySpanId _spanId;

    /// <summary>The grouping key: the message template, or the message when there is none.</summary>
    public abstract string Template { get; }

    /// <summary>The user's own fingerprint: a <c>Fingerprint</c> value of the message's state, or <see langword="null"/>.</summary>
    public virtual string? UserFingerprint => null;

    /// <summary>The trace the call ran under; set once, before the event is queued.</summary>
    public void SetTrace(ActivityTraceId traceId, ActivitySpanId spanId)
    {
        _traceId = traceId;
        _spanId = spanId;
    }

    /// <summary>The whole event, for a digest that shows it.</summary>
    public DigestEvent ToDigestEvent()
    {
        var e = Build();
        if (_traceId != default)
        {
            e.TraceId = _traceId.ToHexString();
            e.SpanId = _spanId == default ? null : _spanId.ToHexString();
        }

        return e;
    }

    /// <summary>The event without its trace.</summary>
    protected abstract DigestEvent Build();
}
