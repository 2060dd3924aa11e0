using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Relay;

/// <summary>
/// One replica's share of the fleet's digest: what its loop folded since its last delta (groups with their counts and
/// examples, the events no group held, the drops and the digests it gave up), published to the fleet and folded by the
/// replica that holds the sender lease into the one digest the fleet sends.
/// </summary>
internal sealed class FleetDelta
{
    public FleetDelta(
        string replica,
        IReadOnlyList<FleetDeltaGroup> groups,
        long[] otherLevelCounts,
        long[] droppedQueueFullLevels,
        long droppedQueueFull,
        long droppedClosing,
        IReadOnlyList<UndeliveredNote> undelivered)
    {
        Replica = replica;
        Groups = groups;
        OtherLevelCounts = otherLevelCounts;
        DroppedQueueFullLevels = droppedQueueFullLevels;
        DroppedQueueFull = droppedQueueFull;
        DroppedClosing = droppedClosing;
        Undelivered = undelivered;
    }

    /// <summary>The replica that folded it (a pod name).</summary>
    public string Replica { get; }

    /// <summary>Its groups.</summary>
    public IReadOnlyList<FleetDeltaGroup> Groups { get; }

    /// <summary>Its events that no group held, per level.</summary>
    public long[] OtherLevelCounts { get; }

    /// <summary>Of <see cref="DroppedQueueFull"/>, those counted per level (no template slot was free).</summary>
    public long[] DroppedQueueFullLevels { get; }

    /// <summary>Events its full queue refused and no group counted.</summary>
    public long DroppedQueueFull { get; }

    /// <summary>Events refused while its logger was closing.</summary>
    public long DroppedClosing { get; }

    /// <summary>Digests it gave up (its own, while it sent alone), each with its events and reason.</summary>
    public IReadOnlyList<UndeliveredNote> Undelivered { get; }

    /// <summary>Every event the delta accounts for: the digest that carries it delivers or counts each one.</summary>
    public long Accounts
        => Groups.Sum(g => g.Count) + OtherLevelCounts.Sum() + DroppedQueueFull + DroppedClosing + Undelivered.Sum(n => n.Events);

    /// <summary>Whether it accounts for nothing.</summary>
    public bool IsEmpty => Accounts == 0;
}
