namespace DingTalk.Robot.Digest.Batching;

/// <summary>An earlier digest that was given up after its retries: how many events it carried and why it failed.</summary>
internal sealed class UndeliveredNote
{
    public UndeliveredNote(long events, string reason)
    {
        Events = events;
        Reason = reason;
    }

    /// <summary>The number of events the lost digest carried.</summary>
    public long Events { get; }

    /// <summary>Why it could not be delivered (an errcode and message, or the transport error).</summary>
    public string Reason { get; }
}
