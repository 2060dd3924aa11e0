namespace DingTalk.Extensions.Logging;

/// <summary>
/// Counts the events logged while a configuration reload has disabled the provider (an empty webhook), so that the
/// digest after it is enabled again says how many were dropped: every event is delivered or counted.
/// </summary>
internal sealed class DisabledTally
{
    private long _dropped;
    private volatile bool _counting;

    /// <summary>Whether a reload disabled the provider and events are being counted.</summary>
    public bool Counting => _counting;

    public void Start() => _counting = true;

    public void Count() => Interlocked.Increment(ref _dropped);

    public void Add(long events)
    {
        if (events > 0)
        {
            Interlocked.Add(ref _dropped, events);
        }
    }

    /// <summary>Stops counting; the events counted since <see cref="Start"/>, or <see langword="null"/> for none.</summary>
    public long? Stop()
    {
        _counting = false;
        var dropped = Interlocked.Exchange(ref _dropped, 0);
        return dropped > 0 ? dropped : null;
    }
}
