using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Relay;

/// <summary>One group of a <see cref="FleetDelta"/>: its identity, its counts per level, and the examples it kept.</summary>
internal sealed class FleetDeltaGroup
{
    public FleetDeltaGroup(string template, string? userFingerprint, ulong fingerprint, long[] levelCounts, DateTimeOffset firstSeen, DateTimeOffset lastSeen, IReadOnlyList<DigestEvent> examples)
    {
        Template = template;
        UserFingerprint = userFingerprint;
        Fingerprint = fingerprint;
        LevelCounts = levelCounts;
        FirstSeen = firstSeen;
        LastSeen = lastSeen;
        Examples = examples;
    }

    /// <summary>The message template the group folds by.</summary>
    public string Template { get; }

    /// <summary>The user's own fingerprint, when the group folds by it.</summary>
    public string? UserFingerprint { get; }

    /// <summary>The group's alert fingerprint, as the replica computed it (the sender does not recompute it).</summary>
    public ulong Fingerprint { get; }

    /// <summary>The group's events per level (indexed by <c>DigestLevelText.Index</c>).</summary>
    public long[] LevelCounts { get; }

    /// <summary>The group's first event in the delta.</summary>
    public DateTimeOffset FirstSeen { get; }

    /// <summary>The group's last event in the delta.</summary>
    public DateTimeOffset LastSeen { get; }

    /// <summary>The examples the replica kept, each counted in <see cref="LevelCounts"/>.</summary>
    public IReadOnlyList<DigestEvent> Examples { get; }

    /// <summary>The group's events.</summary>
    public long Count => LevelCounts.Sum();
}
