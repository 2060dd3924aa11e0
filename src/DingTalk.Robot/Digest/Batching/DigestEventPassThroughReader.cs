namespace DingTalk.Robot.Digest.Batching;

/// <summary>Reads <see cref="DigestEvent"/>s as they are: for the engine's own tests and benchmarks.</summary>
internal sealed class DigestEventPassThroughReader : DigestEventReader<DigestEvent>
{
    public static readonly DigestEventPassThroughReader Instance = new();

    public override DateTimeOffset GetTimestamp(DigestEvent item) => item.Timestamp;

    public override DigestLevel GetLevel(DigestEvent item) => item.Level;

    public override string GetMessageTemplate(DigestEvent item) => item.MessageTemplate;

    public override string? GetSource(DigestEvent item) => item.Source;

    public override Exception? GetException(DigestEvent item) => item.Exception;

    public override DigestEvent ToDigestEvent(DigestEvent item) => item;
}
