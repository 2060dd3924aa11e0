namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// What one digest says about one alert group, and the numbers to say it with: a snapshot taken when it was decided,
/// so the digest and the commit that follows it agree whatever arrives in between.
/// </summary>
internal sealed class AlertVerdict
{
    internal AlertVerdict(AlertEntry entry, AlertState state, bool isRepeat, bool mention, double rate)
    {
        Fingerprint = entry.Fingerprint;
        Label = entry.Label;
        State = state;
        IsRepeat = isRepeat;
        Mention = mention;
        LevelIndex = entry.UntoldLevel >= 0 ? entry.UntoldLevel : entry.NotifiedLevel;
        Total = entry.Total;
        EpisodeTotal = entry.EpisodeTotal;
        SinceLastDigest = entry.Total - entry.Told;
        FirstSeen = entry.FirstSeenWall;
        Since = entry.EpisodeStartWall;
        LastSeen = entry.LastSeenWall;
        Lasted = entry.LastSeenWall > entry.EpisodeStartWall ? entry.LastSeenWall - entry.EpisodeStartWall : TimeSpan.Zero;
        Rate = rate;
        NotifiedRate = entry.NotifiedRate;
        Replicas = entry.FleetReplicas;
        ReplicaNames = entry.FleetReplicaNames;
        FleetEvents = entry.FleetEvents;
    }

    /// <summary>The group's fingerprint.</summary>
    public AlertFingerprint Fingerprint { get; }

    /// <summary>What a digest calls the group when none of its events are in the batch (its template, not escaped).</summary>
    public string Label { get; }

    /// <summary>What the digest says about it.</summary>
    public AlertState State { get; }

    /// <summary>An <see cref="AlertState.Ongoing"/> group told in full again because <c>RepeatInterval</c> has passed.</summary>
    public bool IsRepeat { get; }

    /// <summary>Told in full (everything but a plain ongoing group, which is one compact line). A full one is worth a digest.</summary>
    public bool IsFull => State != AlertState.Ongoing || IsRepeat;

    /// <summary>Deserves an @-mention: new, rising, back or worse, at or above <c>MentionLevel</c>.</summary>
    public bool Mention { get; }

    /// <summary>The worst level among the events since the last digest that carried it (for a quiet group, the level last told).</summary>
    public DigestLevel Level => (DigestLevel)LevelIndex;

    /// <summary>The events ever counted for the fingerprint (while it has been tracked).</summary>
    public long Total { get; }

    /// <summary>The events of the current stretch: since first seen, or since it came back after a told quiet.</summary>
    public long EpisodeTotal { get; }

    /// <summary>The events no accepted digest has carried yet: the "+n since the last digest".</summary>
    public long SinceLastDigest { get; }

    /// <summary>When it was first seen (wall clock).</summary>
    public DateTimeOffset FirstSeen { get; }

    /// <summary>When the current stretch began: "new / ongoing / back since T" (wall clock).</summary>
    public DateTimeOffset Since { get; }

    /// <summary>When it was last seen: "quiet since T" (wall clock).</summary>
    public DateTimeOffset LastSeen { get; }

    /// <summary>How long the current stretch lasted, first to last event (wall clock, never negative).</summary>
    public TimeSpan Lasted { get; }

    /// <summary>Events per second in the latest digest window; 0 when it was not seen in it.</summary>
    public double Rate { get; }

    /// <summary>Events per second when it was last told in full; 0 when never.</summary>
    public double NotifiedRate { get; }

    /// <summary>How many of the fleet's replicas saw it lately (fleet mode); 0 when unknown or not in a fleet.</summary>
    public int Replicas { get; }

    /// <summary>The events of its current stretch the whole fleet has seen (fleet mode); 0 when unknown.</summary>
    public long FleetEvents { get; }

    /// <summary>The replicas that saw it most recently (a few), for people; not escaped.</summary>
    public IReadOnlyList<string>? ReplicaNames { get; }

    internal int LevelIndex { get; }
}
