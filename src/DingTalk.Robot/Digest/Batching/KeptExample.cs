namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// An example a group keeps: the front end's event, not yet rendered, or — for an event its reader could not read —
/// what is known about it instead.
/// </summary>
/// <typeparam name="TEvent">The front end's event.</typeparam>
internal readonly struct KeptExample<TEvent>
{
    public KeptExample(TEvent item, UnreadableEvent? unreadable)
    {
        Item = item;
        Unreadable = unreadable;
    }

    /// <summary>The front end's event; <see langword="default"/> when <see cref="Unreadable"/> is set.</summary>
    public TEvent Item { get; }

    /// <summary>Set when the event could not be read: then there is no <see cref="Item"/> to render.</summary>
    public UnreadableEvent? Unreadable { get; }
}
