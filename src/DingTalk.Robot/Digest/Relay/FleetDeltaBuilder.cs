using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Digest.Relay;

/// <summary>
/// Reads a replica's batch into the <see cref="FleetDelta"/> it publishes: numbers and strings only, so the delta holds
/// no user object (an exception is read once, guarded, by <see cref="ExceptionSnapshot"/>, and relayed by its text).
/// </summary>
internal static class FleetDeltaBuilder
{
    // A relayed example is shown with a few frames at most: longer texts only cost Redis and the sender memory.
    private const int MaxMessageChars = 2_000;
    private const int MaxStackTraceChars = 4_000;
    private const int MaxPropertyChars = 500;

    /// <summary>The delta of <paramref name="batch"/>, read through <paramref name="reader"/>. Never throws for an event's sake.</summary>
    public static FleetDelta From<TEvent>(DigestBatch<TEvent> batch, DigestEventReader<TEvent> reader, string replica)
    {
        var groups = new List<FleetDeltaGroup>(batch.Groups.Count);
        foreach (var group in batch.Groups)
        {
            var counts = new long[DigestLevelText.Count];
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] = group.CountOf((DigestLevel)i);
            }

            // The fingerprint the replica's own judge would give it: the same group has the same alert wherever it is told.
            var fingerprint = group.Fingerprint ?? AlertFingerprint.Of(group.Template, group.FirstException, group.UserFingerprint);
            groups.Add(new FleetDeltaGroup(
                group.Template, group.UserFingerprint, fingerprint.Value, counts, group.FirstSeen, group.LastSeen, Examples(group, reader)));
        }

        var notes = new List<UndeliveredNote>(batch.UndeliveredNotes);
        AddBeyondNotes(notes, batch.UndeliveredBeyondNotes(outcomeUnknown: false), outcomeUnknown: false);
        AddBeyondNotes(notes, batch.UndeliveredBeyondNotes(outcomeUnknown: true), outcomeUnknown: true);
        var levels = batch.CopyDroppedQueueFullLevels();
        return new FleetDelta(
            replica,
            groups,
            batch.CopyOtherCounts(),
            levels,
            batch.DroppedFor(DropReason.QueueFull) - levels.Sum(),
            batch.DroppedFor(DropReason.Closing),
            notes);
    }

    private static void AddBeyondNotes(List<UndeliveredNote> notes, UndeliveredTally more, bool outcomeUnknown)
    {
        if (more.Events > 0)
        {
            notes.Add(new UndeliveredNote(more.Events, "more digests that could not be delivered", outcomeUnknown));
        }
    }

    private static List<DigestEvent> Examples<TEvent>(DigestGroup<TEvent> group, DigestEventReader<TEvent> reader)
    {
        var examples = new List<DigestEvent>(group.ExampleCount);
        for (var i = 0; i < group.ExampleCount; i++)
        {
            var kept = group.GetExample(i);
            if (kept.Unreadable is { } unreadable)
            {
                examples.Add(new DigestEvent(unreadable.At, DigestLevel.Error, group.Template, unreadable.Description));
                continue;
            }

            try
            {
                examples.Add(Relayed(reader.ToDigestEvent(kept.Item)));
            }
            catch (Exception)
            {
                // The reader threw: the event stays counted in the group, without an example.
            }
        }

        return examples;
    }

    // A copy with the texts bounded and the exception read into strings.
    private static DigestEvent Relayed(DigestEvent e)
        => new(e.Timestamp, e.Level, e.MessageTemplate, Cut(e.RenderedMessage, MaxMessageChars))
        {
            Source = e.Source,
            Exception = Relay(ExceptionSnapshot.Read(e.Exception)),
            EventId = e.EventId,
            EventName = e.EventName,
            Properties = Cut(e.Properties),
            Scopes = e.Scopes?.Select(scope => Cut(scope, MaxPropertyChars)).ToList(),
            TraceId = e.TraceId,
            SpanId = e.SpanId,
            LinkValues = Cut(e.LinkValues),
        };

    private static RelayedException? Relay(ExceptionSnapshot? snapshot)
    {
        if (snapshot is null)
        {
            return null;
        }

        RelayedException? inner = null;
        for (var i = snapshot.Links.Count - 1; i >= 0; i--)
        {
            var link = snapshot.Links[i];
            inner = new RelayedException(link.TypeName, CutOrNull(link.Message, MaxMessageChars), CutOrNull(link.StackTrace, MaxStackTraceChars), inner);
        }

        return inner;
    }

    private static IReadOnlyList<KeyValuePair<string, string>>? Cut(IReadOnlyList<KeyValuePair<string, string>>? pairs)
        => pairs?.Select(p => new KeyValuePair<string, string>(p.Key, Cut(p.Value, MaxPropertyChars))).ToList();

    private static string Cut(string text, int max) => text.Length <= max ? text : text.Substring(0, max);

    private static string? CutOrNull(string? text, int max) => text is null ? null : Cut(text, max);
}
