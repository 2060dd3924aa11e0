namespace DingTalk.Robot.Digest.Memory;

/// <summary>What this replica saw of one group in a judged window, for the fleet's log (<see cref="IFleetAlertLog.Exchange"/>).</summary>
internal readonly struct FleetSighting
{
    public FleetSighting(AlertFingerprint fingerprint, DateTimeOffset firstSeen, long events, IReadOnlyList<string>? replicas = null)
    {
        Replicas = replicas;
        Fingerprint = fingerprint;
        FirstSeen = firstSeen;
        Events = events;
    }

    /// <summary>The group's fingerprint.</summary>
    public AlertFingerprint Fingerprint { get; }

    /// <summary>When this replica first saw the group (wall clock, for people): a stretch the fleet had not seen starts then.</summary>
    public DateTimeOffset FirstSeen { get; }

    /// <summary>
    /// The replicas whose events these are, in the fleet's digest (relayed to the holder); <see langword="null"/>: this
    /// replica's own.
    /// </summary>
    public IReadOnlyList<string>? Replicas { get; }

    /// <summary>The group's events this replica folded since its last exchange: added to the fleet's count.</summary>
    public long Events { get; }
}
