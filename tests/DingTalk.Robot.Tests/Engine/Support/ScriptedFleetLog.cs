using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Tests.Engine.Support;

/// <summary>
/// The fleet's alert log as the Redis script keeps it, in memory and on the test's fake clock: what the other replicas
/// saw and told is set by the test (<see cref="Record"/>), what this replica sees and tells is recorded as Redis would.
/// </summary>
internal sealed class ScriptedFleetLog : IFleetAlertLog
{
    private readonly TimeProvider _clock;
    private readonly Dictionary<AlertFingerprint, Fingerprint> _records = new();

    public ScriptedFleetLog(TimeProvider clock) => _clock = clock;

    /// <summary>While set, the log does not answer (Redis down).</summary>
    public bool Down { get; set; }

    /// <summary>Fingerprints another replica keeps seeing: each exchange marks them seen now.</summary>
    public HashSet<AlertFingerprint> SeenElsewhere { get; } = new();

    public List<FleetAlertTelling> Told { get; } = new();

    public int Exchanges { get; private set; }

    public static AlertFingerprint Of(string template) => AlertFingerprint.Of(template, null);

    /// <summary>The fleet's record of <paramref name="template"/> (created empty).</summary>
    public Fingerprint Record(string template)
    {
        lock (_records)
        {
            var fingerprint = Of(template);
            if (!_records.TryGetValue(fingerprint, out var record))
            {
                _records[fingerprint] = record = new Fingerprint();
            }

            return record;
        }
    }

    public IReadOnlyDictionary<AlertFingerprint, FleetAlertRecord>? Exchange(IReadOnlyList<FleetSighting> seen, IReadOnlyList<AlertFingerprint> asked)
    {
        if (Down)
        {
            return null;
        }

        lock (_records)
        {
            Exchanges++;
            var now = _clock.GetUtcNow();
            foreach (var elsewhere in SeenElsewhere)
            {
                if (_records.TryGetValue(elsewhere, out var other))
                {
                    other.SeenAt = now;
                }
            }

            // The fleet's count includes this exchange's events, as the script adds them before it answers.
            foreach (var sighting in seen)
            {
                if (_records.TryGetValue(sighting.Fingerprint, out var counted))
                {
                    counted.Events += sighting.Events;
                }
            }

            var found = new Dictionary<AlertFingerprint, FleetAlertRecord>();
            foreach (var fingerprint in seen.Select(s => s.Fingerprint).Concat(asked))
            {
                if (_records.TryGetValue(fingerprint, out var record))
                {
                    // A claim by another replica reads as a telling at no level, as the Redis script returns it.
                    var claimed = record.NotifiedAt is null && record.ClaimedElsewhereAt is not null;
                    found[fingerprint] = new FleetAlertRecord(
                        now - (claimed ? record.ClaimedElsewhereAt : record.SeenAt),
                        now - (claimed ? record.ClaimedElsewhereAt : record.NotifiedAt),
                        claimed ? -1 : (int)record.Level,
                        claimed ? 0 : record.Rate,
                        now - record.QuietAt,
                        record.Since,
                        record.Replicas.Count,
                        record.Replicas,
                        record.Events);
                }
            }

            foreach (var sighting in seen)
            {
                var record = _records.TryGetValue(sighting.Fingerprint, out var r) ? r : _records[sighting.Fingerprint] = new Fingerprint { Events = sighting.Events };
                record.SeenAt = now;
                record.Since ??= sighting.FirstSeen;
            }

            return found;
        }
    }

    void IFleetAlertLog.Told(IReadOnlyList<FleetAlertTelling> told)
    {
        // As the Redis log: nothing is written while the store does not answer.
        if (Down)
        {
            return;
        }

        lock (_records)
        {
            var now = _clock.GetUtcNow();
            foreach (var telling in told)
            {
                Told.Add(telling);
                var record = _records.TryGetValue(telling.Fingerprint, out var r) ? r : _records[telling.Fingerprint] = new Fingerprint();
                if (telling.IsQuiet)
                {
                    record.QuietAt = now;
                    continue;
                }

                // As the script: a telling written back at its age yields to one made since.
                var at = now - telling.Ago;
                if (record.NotifiedAt >= at)
                {
                    continue;
                }

                record.NotifiedAt = at;
                record.Level = telling.Level;
                record.Rate = telling.Rate;
                if (telling.EpisodeStart is { } since)
                {
                    record.Since = since;
                }
            }
        }
    }

    /// <summary>One fingerprint's record: times on the fake clock, as Redis keeps them on its own.</summary>
    public sealed class Fingerprint
    {
        public DateTimeOffset? SeenAt { get; set; }

        public DateTimeOffset? NotifiedAt { get; set; }

        public DigestLevel Level { get; set; } = DigestLevel.Error;

        public double Rate { get; set; } = 1;

        public DateTimeOffset? QuietAt { get; set; }

        public DateTimeOffset? Since { get; set; }

        /// <summary>The fleet's events of the current stretch.</summary>
        public long Events { get; set; }

        /// <summary>The replicas that saw it lately, the latest first.</summary>
        public List<string> Replicas { get; } = new();

        /// <summary>When another replica claimed the telling of this group as new (and has not told it yet).</summary>
        public DateTimeOffset? ClaimedElsewhereAt { get; set; }
    }
}
