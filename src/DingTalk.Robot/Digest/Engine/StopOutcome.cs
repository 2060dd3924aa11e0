namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// The last word of a stopped engine: how many events it could not deliver, and why. Said once, by the loop as it
/// ends or, for a loop that never returned, by the stop.
/// </summary>
internal sealed class StopOutcome
{
    private int _claimed;
    private long _undelivered;
    private string? _reason;

    public long Undelivered => Interlocked.Read(ref _undelivered);

    public string? Reason => Volatile.Read(ref _reason);

    /// <summary>Records the outcome, unless it was recorded already; returns whether this call recorded it.</summary>
    public bool TrySet(long undelivered, string? reason)
    {
        if (Interlocked.Exchange(ref _claimed, 1) != 0)
        {
            return false;
        }

        Volatile.Write(ref _reason, reason);
        Interlocked.Exchange(ref _undelivered, undelivered);
        return true;
    }
}
