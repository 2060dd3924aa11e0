namespace DingTalk.Robot.Digest.Batching;

/// <summary>Why events were dropped before they reached the batch: the digest says which, in its own words for each.</summary>
internal enum DropReason
{
    /// <summary>The queue held <c>QueueLimit</c> events: the digest loop could not keep up.</summary>
    QueueFull = 0,

    /// <summary>The logger was closing (stopped or flushing) and no longer took events.</summary>
    Closing = 1,
}
