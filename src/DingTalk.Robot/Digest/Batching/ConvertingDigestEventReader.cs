namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// A reader built from a conversion function (the engine's constructor that takes a <c>Func&lt;TEvent, DigestEvent&gt;</c>):
/// folding converts each event once for its grouping fields, and a shown example is converted again — so the function
/// must give the same answer twice; it does in every use (it copies fields).
/// </summary>
/// <typeparam name="TEvent">The front end's event.</typeparam>
internal sealed class ConvertingDigestEventReader<TEvent> : DigestEventReader<TEvent>
{
    private readonly Func<TEvent, DigestEvent> _convert;

    public ConvertingDigestEventReader(Func<TEvent, DigestEvent> convert)
        => _convert = convert ?? throw new ArgumentNullException(nameof(convert));

    public override DateTimeOffset GetTimestamp(TEvent item) => _convert(item).Timestamp;

    public override DigestLevel GetLevel(TEvent item) => _convert(item).Level;

    public override string GetMessageTemplate(TEvent item) => _convert(item).MessageTemplate;

    public override string? GetSource(TEvent item) => _convert(item).Source;

    public override Exception? GetException(TEvent item) => _convert(item).Exception;

    public override DigestEvent ToDigestEvent(TEvent item) => _convert(item);

    // One conversion per event, not one per getter.
    public override FoldedEvent<TEvent> Fold(TEvent item)
    {
        var e = _convert(item) ?? throw new InvalidOperationException("The conversion returned no event.");
        return new FoldedEvent<TEvent>(e.Timestamp, e.Level, e.MessageTemplate, e.Source, e.Exception, item);
    }
}
