using System.Globalization;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Digest.Relay;
using DingTalk.Robot.Fleet;
using StackExchange.Redis;

namespace DingTalk.Robot.Redis;

/// <summary>
/// The fleet's one digest on Redis (<see cref="FleetDigestScript"/>): a replica publishes a delta in one round trip per
/// due batch; every replica's fleet engine asks for the lease once per <see cref="FleetTimings.TakeInterval"/>, and the
/// holder's ask also takes what was published. Calls run on the digest loops' threads, each bounded by
/// <see cref="FleetTimings.OperationTimeout"/>; an unanswered call makes the replica send its own digests until Redis
/// answers again (one diagnostic each way).
/// </summary>
internal sealed class FleetRedisDigestChannel : IFleetDigestChannel
{
    // The most deltas one take folds (the rest come at the next take, a second or two later).
    private const int MaxTake = 200;

    // How long the fleet's keys outlive the last replica that touched them.
    private static readonly long KeysTtlMs = (long)TimeSpan.FromDays(1).TotalMilliseconds;

    private readonly RedisKey _stream;
    private readonly RedisKey _cursor;
    private readonly RedisKey _lease;
    private readonly RedisKey _held;
    private readonly string _token;
    private readonly FleetConnection _connection;
    private readonly FleetTimings _timings;
    private readonly FleetAvailability _availability;
    private readonly RedisErrorText _errors;
    private readonly Action<DingTalkDiagnostic>? _diagnostics;

    // The id of this replica's last published delta (written and read by this process's two loops).
    private string? _lastPublished;

    // The last id this replica's fleet engine folded as holder, acknowledged at its next call (only its loop uses it).
    private string _folded = string.Empty;

    public FleetRedisDigestChannel(
        string robotId, DingTalkFleetOptions fleet, FleetConnection connection, FleetTimings timings, TimeProvider time, Action<DingTalkDiagnostic>? diagnostics)
    {
        var digestId = (fleet.Name ?? string.Empty) + ":" + robotId;
        _stream = FleetKeys.DigestDeltas(digestId);
        _cursor = FleetKeys.DigestCursor(digestId);
        _lease = FleetKeys.DigestLease(digestId);
        _held = FleetKeys.DigestHeld(digestId);
        Replica = fleet.ReplicaName;
        _token = Replica + "/" + Guid.NewGuid().ToString("N");
        _connection = connection;
        _timings = timings;
        _diagnostics = diagnostics;
        _errors = new RedisErrorText(fleet.Redis);
        _availability = new FleetAvailability(
            time,
            timings.RetryAfterFailure,
            diagnostics,
            "the fleet's digest in Redis at " + connection.Endpoints,
            "this replica sends its own digests",
            "this replica's events go into the fleet's digest again");
    }

    public string Replica { get; }

    public bool IsAvailable => _availability.ShouldTryRedis();

    public bool IsAnswering => !_availability.IsUnavailable;

    public TimeSpan TakeInterval => _timings.TakeInterval;

    // A Redis outage ends for each replica within its retry pause; a take later, they have all written back.
    public TimeSpan HandOverGrace => _timings.RetryAfterFailure + _timings.TakeInterval;

    public bool TryPublish(FleetDelta delta)
    {
        if (!_availability.ShouldTryRedis())
        {
            return false;
        }

        RedisValue[] args = [FleetDeltaCodec.Write(delta), delta.Accounts, _timings.MaxBacklog, KeysTtlMs];
        try
        {
            var id = (string?)Call(FleetDigestScript.Publish, [_stream], args);
            _availability.Succeeded();
            if (string.IsNullOrEmpty(id))
            {
                Say("the fleet's digest has " + _timings.MaxBacklog.ToString(CultureInfo.InvariantCulture) + " deltas nobody took (is a replica holding the lease stuck?): this replica sends its own digest");
                return false;
            }

            Volatile.Write(ref _lastPublished, id);
            return true;
        }
        catch (Exception exception)
        {
            if (exception is TimeoutException)
            {
                // The delta may have reached Redis before the answer was lost: the replica sends these events itself,
                // and they may be counted twice. Said, never silent.
                Say("a delta of " + delta.Accounts.ToString(CultureInfo.InvariantCulture) + " events got no answer from the fleet's digest in time: this replica sends them itself, and they may also be in the fleet's digest");
            }

            _availability.Failed(_errors.Describe(exception));
            return false;
        }
    }

    public FleetTake? TryTake(long held)
    {
        if (!_availability.ShouldTryRedis())
        {
            return null;
        }

        RedisValue[] args = [_token, (long)_timings.LeaseTime.TotalMilliseconds, Math.Max(0, held), MaxTake, KeysTtlMs, _folded];
        RedisResult[] values;
        try
        {
            values = (RedisResult[])Call(FleetDigestScript.Take, [_lease, _stream, _cursor, _held], args)!;
            _availability.Succeeded();
        }
        catch (Exception exception)
        {
            _availability.Failed(_errors.Describe(exception));
            return null;
        }

        var answer = (long)values[0];
        if (answer < 1)
        {
            return null;
        }

        var deltas = new List<FleetDelta>((values.Length - 3) / 2);
        string? lastId = null;
        for (var i = 3; i + 1 < values.Length; i += 2)
        {
            lastId = (string?)values[i];
            try
            {
                deltas.Add(FleetDeltaCodec.Read((byte[])values[i + 1]!));
            }
            catch (Exception exception)
            {
                // Taken, so never read again: said, not guessed at. Only a writer of another version could cause it.
                Say("a delta in the fleet's digest could not be read and is left out (" + exception.GetType().Name + ")");
            }
        }

        if (lastId is not null)
        {
            // Folded as soon as this returns (the fleet engine's loop), acknowledged at the next call.
            _folded = lastId;
        }

        var lostFrom = (string?)values[1];
        var lost = (long)values[2];
        return new FleetTake(deltas, string.IsNullOrEmpty(lostFrom) || lost <= 0 ? null : ReplicaOf(lostFrom!), Math.Max(0, lost)) { Acquired = answer == 2 };
    }

    public bool AllTaken()
    {
        var published = Volatile.Read(ref _lastPublished);
        if (published is null)
        {
            return true;
        }

        try
        {
            var cursor = (string?)_connection.CallAsync(_timings, db => db.StringGetAsync(_cursor)).GetAwaiter().GetResult();
            return cursor is not null && CompareIds(cursor, published) >= 0;
        }
        catch (Exception)
        {
            return false;
        }
    }

    public void Delivered(long held)
    {
        try
        {
            Call(FleetDigestScript.Hold, [_lease, _held, _stream, _cursor], [_token, Math.Max(0, held), KeysTtlMs, _folded]);
        }
        catch (Exception)
        {
            // The next take records it; a kill before then counts the delivered events as perhaps not delivered.
        }
    }

    public void Release(long held)
    {
        try
        {
            Call(FleetDigestScript.Release, [_lease, _held, _stream, _cursor], [_token, Math.Max(0, held), KeysTtlMs, _folded]);
        }
        catch (Exception)
        {
            // The lease lapses by itself within its time.
        }
    }

    public override string ToString() => "FleetRedisDigestChannel(via Redis at " + _connection.Endpoints + ")";

    // A stream id "ms-seq", compared as numbers.
    internal static int CompareIds(string a, string b)
    {
        static (long, long) Parse(string id)
        {
            var dash = id.IndexOf('-');
            return dash < 0
                ? (long.Parse(id, CultureInfo.InvariantCulture), 0)
                : (long.Parse(id.Substring(0, dash), CultureInfo.InvariantCulture), long.Parse(id.Substring(dash + 1), CultureInfo.InvariantCulture));
        }

        return Parse(a).CompareTo(Parse(b));
    }

    private static string ReplicaOf(string token)
    {
        var slash = token.LastIndexOf('/');
        return slash > 0 ? token.Substring(0, slash) : token;
    }

    // The digest loop's own thread, which waits for nothing else meanwhile; bounded by the timeout.
    private RedisResult Call(string script, RedisKey[] keys, RedisValue[] args)
        => _connection.CallAsync(_timings, db => db.ScriptEvaluateAsync(script, keys, args)).GetAwaiter().GetResult();

    private void Say(string message)
        => _diagnostics?.Invoke(new DingTalkDiagnostic(DingTalkDiagnosticKind.Temporary, message));
}
