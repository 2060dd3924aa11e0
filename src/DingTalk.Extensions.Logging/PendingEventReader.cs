using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Extensions.Logging;

/// <summary>Reads the logger's queued events for the digest engine (see <see cref="DigestEventReader{TEvent}"/>).</summary>
internal sealed class PendingEventReader : DigestEventReader<PendingEvent>
{
    public static readonly PendingEventReader Instance = new();

    public override DateTimeOffset GetTimestamp(PendingEvent item) => item.Timestamp;

    public override DigestLevel GetLevel(PendingEvent item) => item.Level;

    public override string GetMessageTemplate(PendingEvent item) => item.Template;

    public override string? GetSource(PendingEvent item) => item.Category;

    public override Exception? GetException(PendingEvent item) => item.Exception;

    public override string? GetUserFingerprint(PendingEvent item) => item.UserFingerprint;

    public override DigestEvent ToDigestEvent(PendingEvent item) => item.ToDigestEvent();
}
