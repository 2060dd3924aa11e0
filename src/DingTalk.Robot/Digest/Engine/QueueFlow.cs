namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// What the digest loop's last look at the queue found, which decides how it waits before the next look (the tuning is
/// explained in <see cref="EventQueue{T}"/>'s remarks).
/// </summary>
internal enum QueueFlow
{
    /// <summary>No event: sleep until the next one wakes the loop.</summary>
    Quiet,

    /// <summary>Events: look again soon, or as soon as a burst waits.</summary>
    Flowing,

    /// <summary>
    /// Events, and the full queue refused some since the look before (a flood): look again only after
    /// <see cref="EventQueue{T}.FloodReadInterval"/>; meanwhile the callers count what the queue refuses in its group.
    /// </summary>
    Flooded,
}
