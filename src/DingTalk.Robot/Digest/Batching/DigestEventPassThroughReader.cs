namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// The reader for events that are <see cref="DigestEvent"/>s already (tests, benchmarks, simple front ends): every
/// field is read as it is, and a shown example is the event itself.
/// </summary>
internal sealed class DigestEventPassThroughReader : DigestEventReader<DigestEvent>
{
    /// <summary>The one instance: the reader has no state.</summary>
    public static DigestEventPassThroughReader Instance { get; } = new();

    private DigestEventPassThroughReader()
    {
    }

    public override DateTimeOffset GetTimestamp(DigestEvent item) => item.Timestamp;

    public override DigestLevel GetLevel(DigestEvent item) => item.Level;

    public override string GetMessageTemplate(DigestEvent item) => item.MessageTemplate;

    public override string? GetSource(DigestEvent item) => item.Source;

    public override Exception? GetException(DigestEvent item) => item.Exception;

    public override DigestEvent ToDigestEvent(DigestEvent item) => item;

    // The fields read directly rather than through five virtual getters: a flood folded through this reader (tests,
    // the fold benchmarks) costs what folding a DigestEvent always cost.
    public override FoldedEvent<DigestEvent> Fold(DigestEvent item)
        => new(item.Timestamp, item.Level, item.MessageTemplate, item.Source, item.Exception, item);
}
