namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// What the fleet knows of one fingerprint, as an <see cref="IFleetAlertLog"/> read it: how long ago any replica last
/// saw it and how long ago a digest last told it, measured by the shared store's own clock (never a replica's), so
/// each replica places them on its monotonic clock as "now minus the age".
/// </summary>
internal readonly struct FleetAlertRecord
{
    public FleetAlertRecord(
        TimeSpan? sinceSeen,
        TimeSpan? sinceNotified,
        int notifiedLevel,
        double notifiedRate,
        TimeSpan? sinceQuietTold,
        DateTimeOffset? episodeStartWall,
        int replicas = 0,
        IReadOnlyList<string>? replicaNames = null,
        long fleetEvents = 0)
    {
        FleetEvents = fleetEvents;
        Replicas = replicas;
        ReplicaNames = replicaNames;
        SinceSeen = sinceSeen;
        SinceNotified = sinceNotified;
        NotifiedLevel = notifiedLevel;
        NotifiedRate = notifiedRate;
        SinceQuietTold = sinceQuietTold;
        EpisodeStartWall = episodeStartWall;
    }

    /// <summary>How long ago a replica last saw it (before this exchange), or <see langword="null"/> when none has.</summary>
    public TimeSpan? SinceSeen { get; }

    /// <summary>How long ago a digest last told it in full, or <see langword="null"/> when none has.</summary>
    public TimeSpan? SinceNotified { get; }

    /// <summary>The level index that digest told; -1 when unknown (another replica is telling it as new right now).</summary>
    public int NotifiedLevel { get; }

    /// <summary>The events per second that digest told.</summary>
    public double NotifiedRate { get; }

    /// <summary>How long ago a digest told it had gone quiet, or <see langword="null"/> when none has.</summary>
    public TimeSpan? SinceQuietTold { get; }

    /// <summary>When its current stretch began, for people ("ongoing since T"), or <see langword="null"/>.</summary>
    public DateTimeOffset? EpisodeStartWall { get; }

    /// <summary>How many replicas saw it lately (this one included, when it just did); 0 when unknown.</summary>
    public int Replicas { get; }

    /// <summary>The events of its current stretch the whole fleet has seen (this exchange's included); 0 when unknown.</summary>
    public long FleetEvents { get; }

    /// <summary>The names of the replicas that saw it most recently (a few), for people.</summary>
    public IReadOnlyList<string>? ReplicaNames { get; }
}
