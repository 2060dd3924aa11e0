namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// Reads a front end's own event for the digest engine: the few fields grouping needs for every event, and a whole
/// <see cref="DigestEvent"/> (rendered message, properties) only for the events a digest shows. A flood of one template
/// then costs the engine a count per event instead of a rendering and an allocation per event.
/// </summary>
/// <typeparam name="TEvent">The front end's event, as it was enqueued.</typeparam>
/// <remarks>
/// The engine calls these on the digest loop: the getters (through <see cref="Fold"/>) when the event is folded into a
/// batch, soon after the logging call; <see cref="ToDigestEvent"/> when the digest's content is read
/// (<c>DigestContent.From</c>), up to the buffering time limit later, and at most once per event and digest. So the
/// event must not change after it is enqueued (a Serilog <c>LogEvent</c> does not). An exception thrown by a getter or
/// by <see cref="ToDigestEvent"/> costs that event its details, never its count.
/// <para>
/// One exception to "on the loop": when the queue is full, <see cref="GetMessageTemplate"/> and <see cref="GetLevel"/>
/// are called on the application's thread for the refused event, so it can still be counted in its template's group
/// (<c>DropTally</c>). They must be cheap, thread-safe and allocation-free (a field read), and return the template by
/// the reference the logging library hands out for every event of it.
/// </para>
/// </remarks>
internal abstract class DigestEventReader<TEvent>
{
    /// <summary>When the event happened.</summary>
    /// <param name="item">The event.</param>
    /// <returns>Its timestamp.</returns>
    public abstract DateTimeOffset GetTimestamp(TEvent item);

    /// <summary>How severe the event is.</summary>
    /// <param name="item">The event.</param>
    /// <returns>Its level.</returns>
    public abstract DigestLevel GetLevel(TEvent item);

    /// <summary>The message template: events with the same template form one group in the digest.</summary>
    /// <param name="item">The event.</param>
    /// <returns>Its template, or its message when it has none.</returns>
    public abstract string GetMessageTemplate(TEvent item);

    /// <summary>Where the event came from: Serilog's <c>SourceContext</c> or the MEL category.</summary>
    /// <param name="item">The event.</param>
    /// <returns>Its source, or <see langword="null"/>.</returns>
    public virtual string? GetSource(TEvent item) => null;

    /// <summary>The event's exception.</summary>
    /// <param name="item">The event.</param>
    /// <returns>Its exception, or <see langword="null"/>.</returns>
    public virtual Exception? GetException(TEvent item) => null;

    /// <summary>
    /// The user's own fingerprint: the scalar <c>Fingerprint</c> property, when the event has one. Events that share
    /// it form one group and one alert across digests, whatever their templates.
    /// </summary>
    /// <param name="item">The event.</param>
    /// <returns>Its fingerprint, or <see langword="null"/>.</returns>
    public virtual string? GetUserFingerprint(TEvent item) => null;

    /// <summary>The whole event, for a digest that shows it.</summary>
    /// <param name="item">The event.</param>
    /// <returns>The event as the digest shows it.</returns>
    public abstract DigestEvent ToDigestEvent(TEvent item);

    /// <summary>What folding <paramref name="item"/> into a batch reads: the getters above, once each.</summary>
    /// <param name="item">The event.</param>
    /// <returns>The grouping fields and the event.</returns>
    /// <exception cref="Exception">Whatever a getter throws: the caller counts the event as unreadable.</exception>
    public virtual FoldedEvent<TEvent> Fold(TEvent item)
        => new(GetTimestamp(item), GetLevel(item), GetMessageTemplate(item), GetSource(item), GetException(item), item, GetUserFingerprint(item));
}
