using StackExchange.Redis;

namespace DingTalk.Robot.Redis;

/// <summary>
/// The fleet's budget as one atomic Lua script: a sliding-window log of the posts granted (a sorted set scored by
/// Redis's own <c>TIME</c>, so that no replica's clock matters), and the robot's throttle as a key with a TTL.
/// </summary>
internal static class SlidingWindowScript
{
    /// <summary>
    /// KEYS: sent set, throttle key. ARGV: limit, window (µs), this grant's unique member, then the ages (µs) of the
    /// posts this replica made alone since Redis last answered it (counted into the window first, at their age).
    /// Returns {1, 0, now µs} granted; {0, ms} full: the oldest grant frees in ms; {2, ms} throttled for ms more.
    /// </summary>
    public const string Acquire = """
        if redis.replicate_commands then
          redis.replicate_commands()
        end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local window = tonumber(ARGV[2])
        for i = 4, #ARGV do
          local at = now - tonumber(ARGV[i])
          if at > now - window then
            redis.call('ZADD', KEYS[1], at, ARGV[3] .. ':alone:' .. i)
            redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1000)
          end
        end
        local throttled = redis.call('PTTL', KEYS[2])
        if throttled > 0 then
          return {2, throttled}
        end
        -- A grant exactly one window old no longer counts, as with DingTalk's (and the emulator's) rolling minute.
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
          redis.call('ZADD', KEYS[1], now, ARGV[3])
          redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1000)
          return {1, 0, now}
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        local wait = math.ceil((tonumber(oldest[2]) + window - now) / 1000)
        if wait < 1 then
          wait = 1
        end
        return {0, wait}
        """;

    /// <summary>
    /// KEYS: sent set. ARGV: window (µs), the grant's member. The post has ended: its permit's time becomes now, so that
    /// it stays used for a whole window after DingTalk can have counted it (if the window has not let it go already).
    /// </summary>
    public const string Posted = """
        if redis.replicate_commands then
          redis.replicate_commands()
        end
        if redis.call('ZSCORE', KEYS[1], ARGV[2]) then
          local t = redis.call('TIME')
          local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
          redis.call('ZADD', KEYS[1], 'XX', now, ARGV[2])
          redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
        end
        return 1
        """;

    /// <summary>KEYS: throttle key. ARGV: penalty (ms). Sets the throttle unless a longer one is already set.</summary>
    public const string Throttle = """
        local remaining = redis.call('PTTL', KEYS[1])
        if remaining < tonumber(ARGV[1]) then
          redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
        end
        return 1
        """;

    /// <summary>What <see cref="Acquire"/> answered.</summary>
    /// <remarks>A grant also says when Redis granted it (µs of Redis's clock), for the tests' rolling-window check.</remarks>
    public static (AcquireAnswer Answer, TimeSpan Wait, long GrantedAt) Read(RedisResult result)
    {
        var values = (RedisResult[])result!;
        var kind = (int)values[0];
        var wait = TimeSpan.FromMilliseconds((long)values[1]);
        return kind switch
        {
            1 => (AcquireAnswer.Granted, TimeSpan.Zero, (long)values[2]),
            2 => (AcquireAnswer.Throttled, wait, 0),
            _ => (AcquireAnswer.Full, wait, 0),
        };
    }
}

/// <summary>The fleet budget's answer to a request for a permit.</summary>
internal enum AcquireAnswer
{
    /// <summary>Post now: the permit is taken.</summary>
    Granted,

    /// <summary>The window holds the limit: wait until its oldest grant leaves it.</summary>
    Full,

    /// <summary>DingTalk throttles the robot (seen by some replica): post nothing until the penalty ends.</summary>
    Throttled,
}
