using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// One judgement's round trip to the fleet's log (fleet mode): the groups this replica saw in the window are recorded
/// as seen, and what the fleet knew of them — and of the groups about to be told quiet or repeated — is merged into
/// this replica's memory: into the entries it already had before the window is observed (so a gap is the fleet's gap),
/// into the entries the window creates right after. A group this replica told that the fleet has no telling of (Redis
/// restarted, or the telling was lost while it was away) is written back at its age, so the fleet's memory heals.
/// </summary>
internal sealed class FleetExchange
{
    // At most this many groups about to go quiet or repeat are asked about in one exchange (the most recently seen
    // first): it bounds one script's work after a storm of distinct groups; the rest are judged from this replica's
    // own memory that time, as when Redis does not answer.
    private const int MaxAsked = 200;

    private readonly IFleetAlertLog _log;
    private readonly AlertMemory _memory;
    private readonly List<FleetSighting> _seen;
    private readonly TimeSpan _now;
    private readonly DateTimeOffset _wallNow;
    private readonly TimeSpan _quietAfter;
    private readonly IReadOnlyDictionary<AlertFingerprint, FleetAlertRecord>? _records;
    private readonly List<AlertFingerprint> _newHere;

    private FleetExchange(
        IFleetAlertLog log,
        AlertMemory memory,
        List<FleetSighting> seen,
        TimeSpan now,
        DateTimeOffset wallNow,
        TimeSpan quietAfter,
        IReadOnlyDictionary<AlertFingerprint, FleetAlertRecord>? records,
        List<AlertFingerprint> newHere)
    {
        _log = log;
        _memory = memory;
        _seen = seen;
        _wallNow = wallNow;
        _now = now;
        _quietAfter = quietAfter;
        _records = records;
        _newHere = newHere;
    }

    /// <summary>Exchanges with the log and merges into the entries already kept; call before the window is observed.</summary>
    public static FleetExchange Start<TEvent>(
        IFleetAlertLog log,
        AlertMemory memory,
        DigestBatch<TEvent> batch,
        Func<DigestGroup<TEvent>, AlertFingerprint> fingerprintOf,
        TimeSpan now,
        DateTimeOffset wallNow,
        AlertMemoryOptions options)
    {
        var seen = new List<FleetSighting>();
        var newHere = new List<AlertFingerprint>();
        var seenSet = new HashSet<AlertFingerprint>();
        foreach (var group in batch.Groups)
        {
            if (!group.HasUnobserved)
            {
                continue;
            }

            var fingerprint = group.Fingerprint ??= fingerprintOf(group);
            if (seenSet.Add(fingerprint))
            {
                seen.Add(new FleetSighting(fingerprint, group.FirstSeen, group.UnobservedCount, group.RelayedFrom));
                if (!memory.Contains(fingerprint))
                {
                    newHere.Add(fingerprint);
                }
            }
        }

        var asked = memory.FleetCandidates(now, options);
        asked.RemoveAll(seenSet.Contains);
        if (asked.Count > MaxAsked)
        {
            asked.RemoveRange(MaxAsked, asked.Count - MaxAsked);
        }

        IReadOnlyDictionary<AlertFingerprint, FleetAlertRecord>? records = null;
        if (seen.Count > 0 || asked.Count > 0)
        {
            try
            {
                records = log.Exchange(seen, asked);
            }
            catch (Exception)
            {
                // The log fails open by itself; one that throws anyway is a log that did not answer.
            }
        }

        var exchange = new FleetExchange(log, memory, seen, now, wallNow, options.QuietAfter, records, newHere);
        if (records is not null)
        {
            var fresh = new HashSet<AlertFingerprint>(newHere);
            foreach (var record in records)
            {
                if (!fresh.Contains(record.Key))
                {
                    memory.MergeFleet(record.Key, record.Value, now, wallNow, options.QuietAfter, observedNow: false);
                }
            }
        }

        return exchange;
    }

    /// <summary>
    /// Merges into the entries this window's observation created, and writes back what this replica told and the fleet
    /// has forgotten (Redis restarted or flushed, or a telling lost while Redis was away); call right after the observation.
    /// </summary>
    public void Finish()
    {
        if (_records is null)
        {
            return;
        }

        foreach (var fingerprint in _newHere)
        {
            if (_records.TryGetValue(fingerprint, out var record))
            {
                _memory.MergeFleet(fingerprint, record, _now, _wallNow, _quietAfter, observedNow: true);
            }
        }

        List<FleetAlertTelling>? remembered = null;
        foreach (var sighting in _seen)
        {
            var toldByFleet = _records.TryGetValue(sighting.Fingerprint, out var record) && record.SinceNotified is not null;
            if (!toldByFleet && _memory.TryGet(sighting.Fingerprint, out var entry) && entry.Notified)
            {
                (remembered ??= new()).Add(FleetAlertTelling.Remembered(entry, _now - entry.NotifiedAt));
            }
        }

        if (remembered is not null)
        {
            _log.Told(remembered);
        }
    }
}
