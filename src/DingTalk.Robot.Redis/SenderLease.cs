using StackExchange.Redis;

namespace DingTalk.Robot.Redis;

/// <summary>
/// PHASE TWO PRIMITIVE (not yet used by the engine): the fleet's sender lease, so that one replica at a time sends the
/// fleet's digest. Taken with <c>SET NX PX</c>; renewed and released only by the holder, each checked against the
/// holder's token inside one Lua script (a replica whose lease expired while it was paused cannot renew or delete the
/// next holder's). Each window is then claimed once (<see cref="ClaimWindowAsync"/>) so that a hand-over never sends a
/// window twice.
/// </summary>
internal sealed class SenderLease
{
    // KEYS: lease. ARGV: token, lease ms. 1 when the holder extended its lease; 0 when it no longer holds it.
    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    // KEYS: lease. ARGV: token. 1 when the holder let go; 0 when someone else holds it (left alone).
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    // KEYS: lease, window claim. ARGV: token, claim ms. -1 not the holder; 1 claimed; 0 the window was claimed before.
    private const string ClaimScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return -1
        end
        if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return 1
        end
        return 0
        """;

    private readonly IDatabase _database;
    private readonly string _fleetName;
    private readonly RedisKey _key;
    private readonly TimeSpan _leaseTime;

    /// <param name="database">The fleet's Redis.</param>
    /// <param name="fleetName">The fleet (its replicas share one lease).</param>
    /// <param name="replicaName">This replica, shown as the holder (a pod name); the token adds a random part.</param>
    /// <param name="leaseTime">How long the lease lasts unless renewed: a killed holder is replaced within it.</param>
    public SenderLease(IDatabase database, string fleetName, string replicaName, TimeSpan leaseTime)
    {
        _database = database;
        _fleetName = fleetName;
        _key = FleetKeys.SenderLease(fleetName);
        _leaseTime = leaseTime;
        Token = replicaName + "/" + Guid.NewGuid().ToString("N");
    }

    /// <summary>This replica's token: its name and a random part, so that a restarted pod of the same name is another holder.</summary>
    public string Token { get; }

    /// <summary>Takes the lease if nobody holds it.</summary>
    public Task<bool> TryAcquireAsync()
        => _database.StringSetAsync(_key, Token, _leaseTime, When.NotExists);

    /// <summary>Extends the lease by its full time, if this replica still holds it; false means another replica sends now.</summary>
    public async Task<bool> RenewAsync()
        => (long)await _database.ScriptEvaluateAsync(RenewScript, new[] { _key }, new RedisValue[] { Token, (long)_leaseTime.TotalMilliseconds }).ConfigureAwait(false) == 1;

    /// <summary>Lets the lease go (a stopping replica), only if this replica holds it.</summary>
    public async Task<bool> ReleaseAsync()
        => (long)await _database.ScriptEvaluateAsync(ReleaseScript, new[] { _key }, new RedisValue[] { Token }).ConfigureAwait(false) == 1;

    /// <summary>Who holds the lease now (a token), or <see langword="null"/>.</summary>
    public async Task<string?> GetHolderAsync() => await _database.StringGetAsync(_key).ConfigureAwait(false);

    /// <summary>
    /// Claims digest window <paramref name="window"/> for sending, atomically with checking that this replica holds the
    /// lease. A window is claimed once for <paramref name="claimTime"/>: the next holder after a hand-over gets
    /// <see cref="WindowClaim.ClaimedBefore"/> for it and does not send it again.
    /// </summary>
    public async Task<WindowClaim> ClaimWindowAsync(long window, TimeSpan claimTime)
    {
        var result = (long)await _database.ScriptEvaluateAsync(
            ClaimScript,
            new RedisKey[] { _key, FleetKeys.WindowClaim(_fleetName, window) },
            new RedisValue[] { Token, (long)claimTime.TotalMilliseconds }).ConfigureAwait(false);
        return result switch
        {
            1 => WindowClaim.Claimed,
            0 => WindowClaim.ClaimedBefore,
            _ => WindowClaim.NotTheHolder,
        };
    }
}

/// <summary>What <see cref="SenderLease.ClaimWindowAsync"/> answered.</summary>
internal enum WindowClaim
{
    /// <summary>This replica holds the lease and the window is its to send.</summary>
    Claimed,

    /// <summary>The window was claimed before (by this holder or a previous one): do not send it again.</summary>
    ClaimedBefore,

    /// <summary>This replica does not hold the lease: another replica sends the fleet's digest.</summary>
    NotTheHolder,
}
