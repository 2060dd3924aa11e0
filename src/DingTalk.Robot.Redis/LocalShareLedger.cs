namespace DingTalk.Robot.Redis;

/// <summary>
/// What keeps the robot within its limit when a replica moves between the fleet's window and its local share, where
/// the two would otherwise be counted apart:
/// <list type="bullet">
/// <item>Going alone: the fleet's posts of the last window, which this replica cannot see any more, may fill the
/// robot's minute; when Redis itself is down every replica goes alone at once. So an outage starts with a quarantine
/// of one window in which no local post is made.</item>
/// <item>Coming back: the posts made alone are unknown to Redis. They are kept here and written into the fleet's
/// window (at their age, by Redis's clock) with the first call that reaches Redis again.</item>
/// </list>
/// Bounded: the local share is at most the robot's limit, and posts older than a window are forgotten.
/// </summary>
internal sealed class LocalShareLedger
{
    // More than any local share (a robot's limit is at most a few dozen a minute): a bound, not a policy.
    private const int MaxPosts = 64;

    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly object _lock = new();
    private readonly Queue<long> _posts = new();
    private long _quarantineEnds;

    public LocalShareLedger(TimeProvider time, TimeSpan window)
    {
        _time = time;
        _window = window;
    }

    /// <summary>An outage began (the first failed call): no local post for one window from now.</summary>
    public void OutageStarted()
    {
        lock (_lock)
        {
            _quarantineEnds = _time.GetTimestamp() + (long)(_window.TotalSeconds * _time.TimestampFrequency);
        }
    }

    /// <summary>How long until a local post may be made as far as the quarantine goes (zero: now).</summary>
    public TimeSpan QuarantineLeft()
    {
        lock (_lock)
        {
            var remaining = _quarantineEnds - _time.GetTimestamp();
            return remaining <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)remaining / _time.TimestampFrequency);
        }
    }

    /// <summary>A post was made on the local share now.</summary>
    public void PostedAlone()
    {
        lock (_lock)
        {
            _posts.Enqueue(_time.GetTimestamp());
            while (_posts.Count > MaxPosts)
            {
                _posts.Dequeue();
            }
        }
    }

    /// <summary>The ages (µs) of the local posts still within a window, oldest first, for Redis to count.</summary>
    public long[] AgesMicroseconds()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var window = (long)(_window.TotalSeconds * _time.TimestampFrequency);
            while (_posts.Count > 0 && now - _posts.Peek() >= window)
            {
                _posts.Dequeue();
            }

            return _posts.Select(at => (long)((now - at) * 1_000_000.0 / _time.TimestampFrequency)).ToArray();
        }
    }

    /// <summary>Redis has counted the oldest <paramref name="count"/> local posts: forget them.</summary>
    public void Counted(int count)
    {
        lock (_lock)
        {
            for (var i = 0; i < count && _posts.Count > 0; i++)
            {
                _posts.Dequeue();
            }
        }
    }
}
