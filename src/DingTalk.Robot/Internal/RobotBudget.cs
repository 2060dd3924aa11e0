using System.Threading.RateLimiting;

namespace DingTalk.Robot.Internal;

/// <summary>
/// The sending budget of one robot, shared by every client of its webhook in the process: at most
/// <c>MessagesPerMinute</c> posts in any rolling minute, and nothing at all while DingTalk has throttled the robot.
/// </summary>
/// <remarks>
/// A <see cref="SlidingWindowRateLimiter"/> over a 61-second window of 1-second segments, replenished by a timer of
/// the client's <see cref="TimeProvider"/> (so a fake clock drives it in tests). A permit used during segment k comes
/// back at the start of segment k + 61, i.e. more than 60 seconds later: the extra second absorbs timer and network
/// jitter, since DingTalk counts arrivals by its own clock and passing the limit costs ten minutes.
/// </remarks>
internal sealed class RobotBudget : IRobotBudget
{
    /// <summary>The length of one segment of the window: how often permits come back.</summary>
    public static readonly TimeSpan SegmentLength = TimeSpan.FromSeconds(1);

    /// <summary>How long a used permit stays used, at most.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(61);

    private readonly TimeProvider _timeProvider;
    private readonly SlidingWindowRateLimiter _limiter;
    private readonly ITimer _replenishTimer;

    // When each of the last PermitLimit permits was granted (a ring), to estimate when the next one frees up.
    private readonly long[] _grantedAt;
    private readonly object _lock = new();
    private int _nextGrant;
    private long _throttledUntil;
    private bool _isThrottled;

    public RobotBudget(int messagesPerMinute, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        PermitLimit = messagesPerMinute;
        _grantedAt = new long[messagesPerMinute];
        _limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = messagesPerMinute,

            // The limiter measures time between TryReplenish calls with Stopwatch (real time) and ignores calls less
            // than Window / SegmentsPerWindow apart, which would defeat a fake clock. A one-tick window makes that
            // period zero (integer division), so each tick of our TimeProvider timer slides exactly one segment and
            // the TimeProvider alone defines time. The window's real length is SegmentsPerWindow × SegmentLength.
            Window = TimeSpan.FromTicks(1),
            SegmentsPerWindow = (int)(RobotBudget.Window.Ticks / SegmentLength.Ticks),
            AutoReplenishment = false,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            QueueLimit = int.MaxValue,
        });

        // The budget lives as long as its clock (see RobotBudgetRegistry), so the timer is never disposed.
        _replenishTimer = timeProvider.CreateTimer(
            static state => ((SlidingWindowRateLimiter)state!).TryReplenish(),
            _limiter,
            SegmentLength,
            SegmentLength);
    }

    /// <summary>The most posts in any rolling minute.</summary>
    public int PermitLimit { get; }

    /// <summary>
    /// How many sends wait for a permit. A permit is granted (and the count drops) inside the replenishing tick, while
    /// the waiting send resumes later on the thread pool: tests read the grant's moment here, not from the send.
    /// </summary>
    internal long WaitingSends => _limiter.GetStatistics()!.CurrentQueuedCount;

    /// <summary>Waits (asynchronously, in order of arrival) until a post is allowed, and takes the permit.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            // Only when more than int.MaxValue sends wait at once.
            throw new InvalidOperationException("Too many sends are waiting for the robot's budget.");
        }

        lock (_lock)
        {
            _grantedAt[_nextGrant] = _timeProvider.GetTimestamp();
            _nextGrant = (_nextGrant + 1) % _grantedAt.Length;
        }
    }

    async Task<RobotPermit> IRobotBudget.AcquireAsync(CancellationToken cancellationToken)
    {
        await AcquireAsync(cancellationToken).ConfigureAwait(false);
        return default;
    }

    // In process the window starts at the grant; its extra second covers the time to DingTalk (see the remarks).
    void IRobotBudget.Posted(RobotPermit permit)
    {
    }

    /// <summary>Records that DingTalk throttled the robot: nothing is posted to it for <paramref name="penalty"/>.</summary>
    public void Throttle(TimeSpan penalty)
    {
        var until = _timeProvider.GetTimestamp() + ToTimestampTicks(penalty);
        lock (_lock)
        {
            if (!_isThrottled || until > _throttledUntil)
            {
                _throttledUntil = until;
                _isThrottled = true;
            }
        }
    }

    /// <summary>How long the robot stays throttled, or <see cref="TimeSpan.Zero"/> when it is not.</summary>
    public TimeSpan GetRemainingThrottle()
    {
        lock (_lock)
        {
            if (!_isThrottled)
            {
                return TimeSpan.Zero;
            }

            var remaining = _throttledUntil - _timeProvider.GetTimestamp();
            if (remaining <= 0)
            {
                _isThrottled = false;
                return TimeSpan.Zero;
            }

            return FromTimestampTicks(remaining);
        }
    }

    /// <summary>
    /// Zero when a post is allowed now; otherwise the best estimate of how long until one is: the rest of a throttle
    /// penalty, or the time until the permit that the next post would get comes back (at most <see cref="Window"/>
    /// after it was used).
    /// </summary>
    public TimeSpan GetWaitBeforeNextSend()
    {
        var throttle = GetRemainingThrottle();
        if (throttle > TimeSpan.Zero)
        {
            return throttle;
        }

        // Null only once disposed, which a budget never is.
        var statistics = _limiter.GetStatistics()!;
        if (statistics.CurrentAvailablePermits > 0 && statistics.CurrentQueuedCount == 0)
        {
            return TimeSpan.Zero;
        }

        lock (_lock)
        {
            // The ring's oldest entry is the next permit to come back; each send already queued takes one more.
            var waiting = (int)Math.Min(statistics.CurrentQueuedCount, _grantedAt.Length - 1);
            var granted = _grantedAt[(_nextGrant + waiting) % _grantedAt.Length];
            var comesBack = granted + ToTimestampTicks(Window);
            var remaining = comesBack - _timeProvider.GetTimestamp();

            // Past due means the replenishing tick is imminent (or a different client's permits are in play).
            return remaining > 0 ? FromTimestampTicks(remaining) : SegmentLength;
        }
    }

    private long ToTimestampTicks(TimeSpan span)
        => (long)(span.Ticks * ((double)_timeProvider.TimestampFrequency / TimeSpan.TicksPerSecond));

    private TimeSpan FromTimestampTicks(long ticks)
        => TimeSpan.FromTicks((long)(ticks * ((double)TimeSpan.TicksPerSecond / _timeProvider.TimestampFrequency)));
}
