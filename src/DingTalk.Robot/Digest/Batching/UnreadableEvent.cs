namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// An event the front end's reader could not read (a getter threw): when it was folded and what went wrong, kept as
/// the example of the "An event could not be read" group in place of the event itself.
/// </summary>
internal sealed class UnreadableEvent
{
    public UnreadableEvent(DateTimeOffset at, string description)
    {
        At = at;
        Description = description;
    }

    /// <summary>When the digest loop tried to read it.</summary>
    public DateTimeOffset At { get; }

    /// <summary>What went wrong, for a person (already free of secrets).</summary>
    public string Description { get; }
}
