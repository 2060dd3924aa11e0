using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Digest.Relay;

/// <summary>
/// Folds the replicas' deltas into the fleet's batch, on the replica that holds the sender lease: each group's examples
/// as events, the rest of its count per level without examples, in the same group wherever it came from (by template
/// or user fingerprint, as a replica folds), with the replica's fingerprint and name; losses keep their reasons, each
/// said of the replica that had them.
/// </summary>
internal static class FleetDeltaMerger
{
    /// <summary>Folds <paramref name="delta"/> into <paramref name="batch"/>: every event it accounts for is then in the batch.</summary>
    public static void Merge(DigestBatch<DigestEvent> batch, FleetDelta delta)
    {
        foreach (var group in delta.Groups)
        {
            MergeGroup(batch, group, delta.Replica);
        }

        for (var level = 0; level < delta.OtherLevelCounts.Length && level < DigestLevelText.Count; level++)
        {
            batch.AddOther((DigestLevel)level, delta.OtherLevelCounts[level]);
        }

        for (var level = 0; level < delta.DroppedQueueFullLevels.Length && level < DigestLevelText.Count; level++)
        {
            batch.AddDropped((DigestLevel)level, delta.DroppedQueueFullLevels[level]);
        }

        batch.AddDropped(delta.DroppedQueueFull, DropReason.QueueFull);
        batch.AddDropped(delta.DroppedClosing, DropReason.Closing);
        foreach (var note in delta.Undelivered)
        {
            batch.AddUndelivered(note.Events, delta.Replica + ": " + note.Reason, note.OutcomeUnknown);
        }
    }

    private static void MergeGroup(DigestBatch<DigestEvent> batch, FleetDeltaGroup group, string replica)
    {
        var left = (long[])group.LevelCounts.Clone();
        foreach (var example in group.Examples)
        {
            var level = DigestLevelText.Index(example.Level);
            if (level >= left.Length || left[level] <= 0)
            {
                // An example the counts do not cover (a delta from a newer or broken writer): not counted twice.
                continue;
            }

            left[level]--;
            batch.Add(new FoldedEvent<DigestEvent>(example.Timestamp, example.Level, group.Template, example.Source, example.Exception, example, group.UserFingerprint));
        }

        for (var level = 0; level < left.Length && level < DigestLevelText.Count; level++)
        {
            batch.AddCounted(group.Template, group.UserFingerprint, (DigestLevel)level, left[level], group.LastSeen);
        }

        if (batch.FindGroup(group.Template, group.UserFingerprint) is { } merged)
        {
            merged.Fingerprint ??= new AlertFingerprint(group.Fingerprint);
            merged.AddRelayedFrom(replica);
        }
    }
}
