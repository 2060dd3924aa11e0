using System.Globalization;
using DingTalk.Robot.Fleet;
using DingTalk.Robot.Internal;
using StackExchange.Redis;

namespace DingTalk.Robot.Redis;

/// <summary>
/// A robot's budget kept by the whole fleet in Redis: each post takes a permit from the sliding window in
/// <see cref="SlidingWindowScript"/> (timed by Redis's clock), and a throttle reported by any replica holds every
/// replica for the penalty. Fails open: when Redis does not answer within <see cref="FleetTimings.OperationTimeout"/>,
/// the replica keeps to its local share (<see cref="FleetBudgetRequest.LocalFallback"/>) and says so once. The moves
/// between the two are kept within the robot's limit by <see cref="LocalShareLedger"/>: an outage starts with one
/// window without local posts, and the posts made alone are counted into the fleet's window when Redis answers again.
/// </summary>
/// <remarks>
/// Only the digest loop (or a direct client's send) ever waits here; a logging call never touches Redis. The local
/// clock measures durations only (how long to wait, how long a throttle lasts from now), never the window.
/// </remarks>
internal sealed class FleetRedisBudget : IRobotBudget, IFleetCoordination
{
    // One id per process, so that two replicas' grants never collide in the sorted set.
    private static readonly string ProcessId = Guid.NewGuid().ToString("N").Substring(0, 12);
    private static long _grants;

    private readonly FleetBudgetRequest _request;
    private readonly FleetConnection _connection;
    private readonly FleetTimings _timings;
    private readonly FleetAvailability _availability;
    private readonly LocalShareLedger _alone;
    private readonly RedisErrorText _errors;
    private readonly RedisKey[] _acquireKeys;
    private readonly RedisKey[] _throttleKeys;
    private readonly RedisValue _limit;
    private readonly RedisValue _windowMicroseconds;
    private readonly object _lock = new();
    private long _throttledUntil;
    private long _nextFreeAt;
    private long _lastGrantedAt;

    public FleetRedisBudget(FleetBudgetRequest request, FleetConnection connection, FleetTimings timings)
    {
        _request = request;
        _connection = connection;
        _timings = timings;
        _errors = new RedisErrorText(request.Fleet.Redis);
        _acquireKeys = new RedisKey[] { FleetKeys.Sent(request.RobotId), FleetKeys.Throttle(request.RobotId) };
        _throttleKeys = new RedisKey[] { FleetKeys.Throttle(request.RobotId) };
        var share = Math.Max(1, request.MessagesPerMinute / request.Fleet.ExpectedReplicas);

        // One local share is held back from the fleet: a replica cut off from Redis while the others still reach it
        // posts on its share alone, and the robot must not go over its limit because of it.
        FleetLimit = Math.Max(1, request.MessagesPerMinute - share);
        _limit = FleetLimit;
        _windowMicroseconds = (long)(timings.Window.Ticks / (TimeSpan.TicksPerMillisecond / 1000));
        _alone = new LocalShareLedger(request.Time, timings.Window);
        ListenForRestoredConnection(connection);
        _availability = new FleetAvailability(
            request.Time,
            timings.RetryAfterFailure,
            request.Diagnostics,
            "Redis at " + connection.Endpoints,
            string.Format(
                CultureInfo.InvariantCulture,
                "this replica keeps to its own share of the robot's budget, {0} messages a minute ({1} / Fleet.ExpectedReplicas {2}),",
                share,
                request.MessagesPerMinute,
                request.Fleet.ExpectedReplicas),
            "the robot's budget is shared by the fleet again");
    }

    /// <summary>The most posts the fleet's window holds: the robot's limit less one replica's local share.</summary>
    internal int FleetLimit { get; }

    /// <summary>When Redis granted this budget's last permit, in µs of Redis's clock (0: none yet); for tests.</summary>
    internal long LastGrantedAt => Volatile.Read(ref _lastGrantedAt);

    /// <summary>The budget this replica keeps to alone (for tests).</summary>
    internal Internal.IRobotBudget LocalShare => _request.LocalFallback;

    /// <summary>Whether this replica is on its local share now (Redis failed recently).</summary>
    internal bool IsOnLocalShare => _availability.IsUnavailable;

    /// <summary>How long until a post on the local share, quarantine included (for tests).</summary>
    internal TimeSpan UntilLocalPost => LocalWait();

    /// <summary>
    /// Whether the budget is kept with the fleet now, for the digest's last line: not after a failed call until one
    /// succeeds, nor while the connection is known to be down (a killed Redis is seen before the next call fails).
    /// </summary>
    public bool IsCoordinated => !_availability.IsUnavailable && !_connection.IsKnownDown;

    public async Task<RobotPermit> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_availability.ShouldTryRedis())
            {
                // Alone: the local share's permit if there is one now; otherwise wait for it or for the time to ask
                // Redis again, whichever comes first (a spent share must not keep the replica from rejoining).
                var local = LocalWait();
                if (local == TimeSpan.Zero)
                {
                    var permit = await _request.LocalFallback.AcquireAsync(cancellationToken).ConfigureAwait(false);
                    _alone.PostedAlone();
                    return permit;
                }

                var retry = _availability.UntilRetry();
                await TimeProviderCompat.Delay(_request.Time, local < retry ? local : retry, cancellationToken).ConfigureAwait(false);
                continue;
            }

            (AcquireAnswer Answer, TimeSpan Wait, long GrantedAt) answer;
            var member = ProcessId + ":" + Interlocked.Increment(ref _grants).ToString(CultureInfo.InvariantCulture);
            var alone = _alone.AgesMicroseconds();
            try
            {
                var arguments = new RedisValue[3 + alone.Length];
                (arguments[0], arguments[1], arguments[2]) = (_limit, _windowMicroseconds, member);
                for (var i = 0; i < alone.Length; i++)
                {
                    arguments[3 + i] = alone[i];
                }

                var result = await _connection.CallAsync(_timings, db => db.ScriptEvaluateAsync(SlidingWindowScript.Acquire, _acquireKeys, arguments)).ConfigureAwait(false);
                answer = SlidingWindowScript.Read(result);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Lost(exception);
                continue;
            }

            _alone.Counted(alone.Length);
            _availability.Succeeded();
            switch (answer.Answer)
            {
                case AcquireAnswer.Granted:
                    SetUntil(ref _nextFreeAt, TimeSpan.Zero);
                    Volatile.Write(ref _lastGrantedAt, answer.GrantedAt);
                    return new RobotPermit(member);

                case AcquireAnswer.Throttled:
                    // No permit taken: the client sees the throttle and reports it.
                    SetUntil(ref _throttledUntil, answer.Wait);
                    return default;

                default:
                    SetUntil(ref _nextFreeAt, answer.Wait);
                    await TimeProviderCompat.Delay(_request.Time, answer.Wait, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    public void Posted(RobotPermit permit)
    {
        if (permit.Id is { } member)
        {
            _ = MovePermitAsync(member);
        }
    }

    public void Throttle(TimeSpan penalty)
    {
        SetUntil(ref _throttledUntil, penalty);

        // The local share too, so that the throttle holds if Redis goes away before the penalty ends.
        _request.LocalFallback.Throttle(penalty);
        _ = TellFleetAsync(penalty);
    }

    public TimeSpan GetRemainingThrottle()
    {
        var fleet = Remaining(ref _throttledUntil);
        var local = _request.LocalFallback.GetRemainingThrottle();
        return fleet > local ? fleet : local;
    }

    public TimeSpan GetWaitBeforeNextSend()
    {
        if (_availability.IsUnavailable)
        {
            var local = LocalWait();
            var retry = _availability.UntilRetry();
            return local < retry ? local : retry;
        }

        var throttle = GetRemainingThrottle();
        var full = Remaining(ref _nextFreeAt);
        return throttle > full ? throttle : full;
    }

    public override string ToString() => "FleetRedisBudget(" + _request.RobotHost + " via Redis at " + _connection.Endpoints + ")";

    // Fire and forget, bounded by the timeout. Lost (Redis gone), the permit keeps its grant time: the window's extra
    // second and the share held back from the fleet are then the margin.
    private async Task MovePermitAsync(string member)
    {
        try
        {
            await _connection.CallAsync(_timings, db => db.ScriptEvaluateAsync(SlidingWindowScript.Posted, new[] { _acquireKeys[0] }, new[] { _windowMicroseconds, (RedisValue)member })).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Lost(exception);
        }
    }

    // Fire and forget, bounded by the timeout: every replica learns of the throttle at its next request for a permit.
    private async Task TellFleetAsync(TimeSpan penalty)
    {
        try
        {
            var milliseconds = (long)Math.Max(1, penalty.TotalMilliseconds);
            await _connection.CallAsync(_timings, db => db.ScriptEvaluateAsync(SlidingWindowScript.Throttle, _throttleKeys, new RedisValue[] { milliseconds })).ConfigureAwait(false);
            _availability.Succeeded();
        }
        catch (Exception exception)
        {
            Lost(exception);
        }
    }

    // The connection is shared by the process and outlives a client (a MEL reload makes a new one): it holds the
    // budget weakly, and a budget gone is unsubscribed at the next restoration.
    private void ListenForRestoredConnection(FleetConnection connection)
    {
        var budget = new WeakReference<FleetRedisBudget>(this);
        Action? onRestored = null;
        onRestored = () =>
        {
            if (budget.TryGetTarget(out var alive))
            {
                _ = alive.RejoinAsync();
            }
            else
            {
                connection.Restored -= onRestored;
            }
        };
        connection.Restored += onRestored;
    }

    // The connection is back: a ping tells whether Redis answers, so that the replica coordinates again (and its next
    // digest says so) without waiting for a call of its own. The posts made alone are counted by the next grant.
    private async Task RejoinAsync()
    {
        if (!_availability.IsUnavailable)
        {
            return;
        }

        try
        {
            await _connection.CallAsync(_timings, db => db.PingAsync()).ConfigureAwait(false);
            _availability.Succeeded();
        }
        catch (Exception exception)
        {
            Lost(exception);
        }
    }

    // A failed call; the first of an outage starts the local share's quarantine (LocalShareLedger).
    private void Lost(Exception exception)
    {
        if (_availability.Failed(_errors.Describe(exception)))
        {
            _alone.OutageStarted();
        }
    }

    // The local share's wait, and the quarantine at an outage's start: whichever is longer.
    private TimeSpan LocalWait()
    {
        var share = _request.LocalFallback.GetWaitBeforeNextSend();
        var quarantine = _alone.QuarantineLeft();
        return share > quarantine ? share : quarantine;
    }

    private void SetUntil(ref long until, TimeSpan fromNow)
    {
        var value = fromNow <= TimeSpan.Zero ? 0 : _request.Time.GetTimestamp() + (long)(fromNow.TotalSeconds * _request.Time.TimestampFrequency);
        lock (_lock)
        {
            until = value;
        }
    }

    private TimeSpan Remaining(ref long until)
    {
        long value;
        lock (_lock)
        {
            value = until;
        }

        if (value == 0)
        {
            return TimeSpan.Zero;
        }

        var remaining = value - _request.Time.GetTimestamp();
        return remaining <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)remaining / _request.Time.TimestampFrequency);
    }
}
