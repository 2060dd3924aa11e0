namespace DingTalk.Robot.Digest.Batching;

/// <summary>Undelivered digests counted beyond the ones kept word for word: how many, and the events they carried.</summary>
internal readonly struct UndeliveredTally
{
    public UndeliveredTally(long digests, long events)
    {
        Digests = digests;
        Events = events;
    }

    /// <summary>The number of digests.</summary>
    public long Digests { get; }

    /// <summary>The events they carried.</summary>
    public long Events { get; }

    /// <summary>This tally and one more digest of <paramref name="events"/> events.</summary>
    public UndeliveredTally Plus(long events) => new(Digests + 1, Saturating.Add(Events, events));
}
