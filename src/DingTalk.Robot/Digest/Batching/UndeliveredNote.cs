namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// An earlier digest that was given up: how many events it carried, why, and whether it may have been delivered after
/// all (its last attempt got no answer, so DingTalk may have posted it).
/// </summary>
internal sealed class UndeliveredNote
{
    public UndeliveredNote(long events, string reason, bool outcomeUnknown)
    {
        Events = events;
        Reason = reason;
        OutcomeUnknown = outcomeUnknown;
    }

    /// <summary>The number of events the lost digest carried.</summary>
    public long Events { get; }

    /// <summary>Why it could not be delivered (an errcode and message, or the transport error).</summary>
    public string Reason { get; }

    /// <summary>
    /// Whether its last attempt went unanswered (a timeout): the digest may have been posted, so the note says "may not
    /// have been delivered" rather than "could not be delivered".
    /// </summary>
    public bool OutcomeUnknown { get; }
}
