using System.Globalization;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Digest.Memory;
using DingTalk.Robot.Fleet;
using StackExchange.Redis;

namespace DingTalk.Robot.Redis;

/// <summary>
/// The fleet's alert memory in Redis (<see cref="FleetAlertScript"/>): one round trip per judgement of a digest window,
/// and one in the background per accepted digest. Fails open: when Redis does not answer within
/// <see cref="FleetTimings.OperationTimeout"/>, the replica judges from its own memory and says so once.
/// </summary>
internal sealed class FleetRedisAlertLog : IFleetAlertLog
{
    private const int FieldsPerKey = 10;

    // How long a replica's claim to tell a new group holds the others back: a digest's send, with its budget wait and a
    // retry or two; past it, a claim never followed by a telling lapses and the next replica to see the group tells it.
    private static readonly RedisValue ClaimFor = (long)TimeSpan.FromMinutes(2).TotalMilliseconds;

    // Whose claims are whose: one id per log (per engine), so that two engines in one process are two replicas.
    private readonly RedisValue _owner = Guid.NewGuid().ToString("N");

    private readonly string _memoryId;
    private readonly RedisValue _retention;
    private readonly RedisValue _replica;
    private readonly RedisValue _recentFor;
    private readonly FleetConnection _connection;
    private readonly FleetTimings _timings;
    private readonly FleetAvailability _availability;
    private readonly RedisErrorText _errors;

    /// <param name="memoryId">Whose memory: the fleet's name and the robot's id.</param>
    /// <param name="fleet">The fleet options.</param>
    /// <param name="replica">This replica's name, as people read it.</param>
    /// <param name="retention">How long a fingerprint nobody sees or tells is kept.</param>
    /// <param name="recentFor">How long a replica's sighting counts toward "on N replicas".</param>
    /// <param name="connection">The connection.</param>
    /// <param name="timings">The call timeout and retry pause.</param>
    /// <param name="time">The clock of the retry pause.</param>
    /// <param name="diagnostics">Where to say that Redis stopped or started answering.</param>
    public FleetRedisAlertLog(
        string memoryId,
        DingTalkFleetOptions fleet,
        string replica,
        TimeSpan retention,
        TimeSpan recentFor,
        FleetConnection connection,
        FleetTimings timings,
        TimeProvider time,
        Action<DingTalkDiagnostic>? diagnostics)
    {
        _memoryId = memoryId;
        _retention = (long)retention.TotalMilliseconds;
        _replica = replica;
        _recentFor = (long)recentFor.TotalMilliseconds;
        _connection = connection;
        _timings = timings;
        _errors = new RedisErrorText(fleet.Redis);
        _availability = new FleetAvailability(
            time,
            timings.RetryAfterFailure,
            diagnostics,
            "the fleet's alert memory in Redis at " + connection.Endpoints,
            "this replica tells new, ongoing and quiet from what it saw itself",
            "new, ongoing and quiet are the fleet's again");
    }

    public IReadOnlyDictionary<AlertFingerprint, FleetAlertRecord>? Exchange(IReadOnlyList<FleetSighting> seen, IReadOnlyList<AlertFingerprint> asked)
    {
        if (!_availability.ShouldTryRedis())
        {
            return null;
        }

        var fingerprints = new List<AlertFingerprint>(seen.Count + asked.Count);
        fingerprints.AddRange(seen.Select(sighting => sighting.Fingerprint));
        fingerprints.AddRange(asked);
        var keys = new RedisKey[2 * fingerprints.Count];
        for (var i = 0; i < fingerprints.Count; i++)
        {
            var fingerprint = fingerprints[i].ToString();
            keys[i] = FleetKeys.Alert(_memoryId, fingerprint);
            keys[fingerprints.Count + i] = FleetKeys.AlertReplicas(_memoryId, fingerprint);
        }

        var args = new RedisValue[6 + (3 * seen.Count)];
        args[0] = _retention;
        args[1] = seen.Count;
        args[2] = _owner;
        args[3] = ClaimFor;
        args[4] = _replica;
        args[5] = _recentFor;
        for (var i = 0; i < seen.Count; i++)
        {
            args[6 + (3 * i)] = seen[i].FirstSeen.ToUnixTimeMilliseconds();
            args[7 + (3 * i)] = seen[i].Events;
            args[8 + (3 * i)] = seen[i].Replicas is { Count: > 0 } names ? string.Join("\n", names) : string.Empty;
        }

        RedisResult result;
        try
        {
            // The digest loop's own thread, which waits for nothing else meanwhile; bounded by the timeout.
            result = _connection.CallAsync(_timings, db => db.ScriptEvaluateAsync(FleetAlertScript.Exchange, keys, args)).GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            _availability.Failed(_errors.Describe(exception));
            return null;
        }

        _availability.Succeeded();
        return Read((RedisResult[])result!, fingerprints);
    }

    public void Told(IReadOnlyList<FleetAlertTelling> told)
    {
        if (told.Count == 0 || !_availability.ShouldTryRedis())
        {
            return;
        }

        var keys = new RedisKey[told.Count];
        var args = new RedisValue[1 + (5 * told.Count)];
        args[0] = _retention;
        for (var i = 0; i < told.Count; i++)
        {
            var telling = told[i];
            keys[i] = FleetKeys.Alert(_memoryId, telling.Fingerprint.ToString());
            args[1 + (5 * i)] = telling.IsQuiet ? "q" : "n";
            args[2 + (5 * i)] = (int)telling.Level;
            args[3 + (5 * i)] = telling.Rate.ToString("R", CultureInfo.InvariantCulture);
            args[4 + (5 * i)] = telling.EpisodeStart is { } since ? since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : string.Empty;
            args[5 + (5 * i)] = (long)telling.Ago.TotalMilliseconds;
        }

        _ = TellAsync(keys, args);
    }

    public override string ToString() => "FleetRedisAlertLog(via Redis at " + _connection.Endpoints + ")";

    private static Dictionary<AlertFingerprint, FleetAlertRecord> Read(RedisResult[] values, List<AlertFingerprint> fingerprints)
    {
        var records = new Dictionary<AlertFingerprint, FleetAlertRecord>();
        for (var i = 0; i < fingerprints.Count && ((i + 1) * FieldsPerKey) <= values.Length; i++)
        {
            var b = i * FieldsPerKey;
            var sinceSeen = Milliseconds(values[b]);
            var sinceNotified = Milliseconds(values[b + 1]);
            var sinceQuiet = Milliseconds(values[b + 4]);
            var sinceClaimed = Milliseconds(values[b + 6]);
            var replicas = int.TryParse((string?)values[b + 7], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            if (sinceSeen is null && sinceNotified is null && sinceQuiet is null && replicas == 0)
            {
                continue;
            }

            var level = int.TryParse((string?)values[b + 2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : -1;
            if (sinceNotified is null && sinceClaimed is not null)
            {
                // Another replica is telling it as new right now: told, for this replica, at no level of its own.
                sinceNotified = sinceClaimed;
            }

            var rate = double.TryParse((string?)values[b + 3], NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? r : 0;
            var since = long.TryParse((string?)values[b + 5], NumberStyles.Integer, CultureInfo.InvariantCulture, out var f)
                ? DateTimeOffset.FromUnixTimeMilliseconds(f)
                : (DateTimeOffset?)null;
            var names = ((string?)values[b + 8])?.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries);
            var events = long.TryParse((string?)values[b + 9], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : 0;
            records[fingerprints[i]] = new FleetAlertRecord(sinceSeen, sinceNotified, level, rate, sinceQuiet, since, replicas, names, events);
        }

        return records;
    }

    private static TimeSpan? Milliseconds(RedisResult value)
        => long.TryParse((string?)value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? TimeSpan.FromMilliseconds(Math.Max(0, ms)) : null;

    // Fire and forget, bounded by the timeout: lost (Redis gone), the fleet may retell the group once.
    private async Task TellAsync(RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            await _connection.CallAsync(_timings, db => db.ScriptEvaluateAsync(FleetAlertScript.Told, keys, args)).ConfigureAwait(false);
            _availability.Succeeded();
        }
        catch (Exception exception)
        {
            _availability.Failed(_errors.Describe(exception));
        }
    }
}
