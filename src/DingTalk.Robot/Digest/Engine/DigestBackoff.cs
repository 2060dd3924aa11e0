namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// When to retry after failures, with Serilog 4.1's schedule: the normal period after the first failure, then
/// <c>max(period, 5 s) × 2^(failures − 1)</c> capped at one minute; a digest is given up once the time since the
/// first failure plus the next interval reaches the retry time limit. Failures carry over from one digest to the
/// next until a success, so a robot that stays down is asked at most once a minute. Times are the engine's
/// monotonic time (<see cref="EngineClock.Now"/>).
/// </summary>
internal sealed class DigestBackoff
{
    private static readonly TimeSpan MinimumBackoffPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaximumBackoffInterval = TimeSpan.FromMinutes(1);

    private readonly TimeSpan _period;
    private readonly TimeSpan _retryTimeLimit;
    private TimeSpan _firstFailure;

    public DigestBackoff(TimeSpan period, TimeSpan retryTimeLimit)
    {
        _period = period;
        _retryTimeLimit = retryTimeLimit;
    }

    public int ConsecutiveFailures { get; private set; }

    /// <summary>The wait before the next attempt after the failures so far.</summary>
    public TimeSpan NextInterval
    {
        get
        {
            if (ConsecutiveFailures <= 1)
            {
                return _period;
            }

            var baseInterval = _period > MinimumBackoffPeriod ? _period : MinimumBackoffPeriod;
            // The exponent is capped long before the multiplication could overflow: 2^20 × anything ≥ 5 s is far past the cap.
            var exponent = Math.Min(ConsecutiveFailures - 1, 20);
            var ticks = baseInterval.Ticks * (double)(1L << exponent);
            return ticks >= MaximumBackoffInterval.Ticks ? MaximumBackoffInterval : TimeSpan.FromTicks((long)ticks);
        }
    }

    public void MarkSuccess() => ConsecutiveFailures = 0;

    public void MarkFailure(TimeSpan now)
    {
        if (ConsecutiveFailures == 0)
        {
            _firstFailure = now;
        }

        ConsecutiveFailures++;
    }

    /// <summary>Whether the digest that just failed should be given up rather than retried.</summary>
    public bool ShouldGiveUp(TimeSpan now)
        => ConsecutiveFailures > 0 && now - _firstFailure + NextInterval >= _retryTimeLimit;
}
