using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Digest.Memory;
using DingTalk.Robot.Digest.Relay;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// The fleet's one digest, folded: each replica's batch read into a delta, and the deltas folded into the fleet's batch
/// on the replica that holds the lease. Every event is counted once, in the group it had on its replica, with that
/// group's fingerprint and the replicas that saw it.
/// </summary>
public sealed class FleetDeltaTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Two_replicas_deltas_fold_into_one_batch_with_every_event_in_its_group_once()
    {
        var a = Batch(("Timeout calling {Service}", DigestLevel.Error, 30), ("Cache miss on {Replica}", DigestLevel.Warning, 4));
        a.AddDropped(5, DropReason.Closing);
        a.AddUndelivered(7, "errcode 300001", outcomeUnknown: false);
        var b = Batch(("Timeout calling {Service}", DigestLevel.Error, 12), ("Timeout calling {Service}", DigestLevel.Fatal, 1));

        var fleet = new DigestBatch<DigestEvent>();
        var deltas = new[] { FleetDeltaBuilder.From(a, DigestEventPassThroughReader.Instance, "orders-a"), FleetDeltaBuilder.From(b, DigestEventPassThroughReader.Instance, "orders-b") };
        foreach (var delta in deltas)
        {
            FleetDeltaMerger.Merge(fleet, delta);
        }

        Assert.Equal(deltas.Sum(d => d.Accounts), fleet.EventCount + fleet.Dropped + fleet.UndeliveredEvents);
        Assert.Equal(47, fleet.EventCount);
        var timeout = fleet.FindGroup("Timeout calling {Service}", null)!;
        Assert.Equal((42L, 1L), (timeout.CountOf(DigestLevel.Error), timeout.CountOf(DigestLevel.Fatal)));
        Assert.Equal(new[] { "orders-a", "orders-b" }, timeout.RelayedFrom);
        Assert.Equal(4, fleet.FindGroup("Cache miss on {Replica}", null)!.Count);
        Assert.Equal(5, fleet.DroppedFor(DropReason.Closing));
        Assert.Equal("orders-a: errcode 300001", Assert.Single(fleet.UndeliveredNotes).Reason);

        // The group keeps the fingerprint its replica gave it (computed from the real exception, not the relayed one).
        Assert.Equal(AlertFingerprint.Of("Timeout calling {Service}", a.Groups[0].FirstException), timeout.Fingerprint);
    }

    [Fact]
    public void A_relayed_example_shows_the_original_exception_type_message_and_chain()
    {
        var a = Batch(("Timeout calling {Service}", DigestLevel.Error, 1));
        var fleet = new DigestBatch<DigestEvent>();

        FleetDeltaMerger.Merge(fleet, FleetDeltaBuilder.From(a, DigestEventPassThroughReader.Instance, "orders-a"));

        var example = fleet.Groups[0].GetExample(0).Item;
        var snapshot = ExceptionSnapshot.Read(example.Exception)!;
        Assert.Equal("System.TimeoutException", snapshot.Links[0].TypeName);
        Assert.Equal("payments did not answer", snapshot.Links[0].Message);
        Assert.Equal("System.IO.IOException", snapshot.Links[1].TypeName);
        Assert.Equal("Timeout calling payments", example.RenderedMessage);
    }

    [Fact]
    public void A_user_fingerprint_group_stays_one_group_across_templates_and_replicas()
    {
        var a = new DigestBatch<DigestEvent>();
        a.Add(Folded(new DigestEvent(At, DigestLevel.Error, "Db {Name} down", "Db orders down"), "db-down"));
        var b = new DigestBatch<DigestEvent>();
        b.Add(Folded(new DigestEvent(At, DigestLevel.Error, "Database unreachable", "Database unreachable"), "db-down"));

        var fleet = new DigestBatch<DigestEvent>();
        FleetDeltaMerger.Merge(fleet, FleetDeltaBuilder.From(a, DigestEventPassThroughReader.Instance, "orders-a"));
        FleetDeltaMerger.Merge(fleet, FleetDeltaBuilder.From(b, DigestEventPassThroughReader.Instance, "orders-b"));

        var group = Assert.Single(fleet.Groups);
        Assert.Equal(("db-down", 2L), (group.UserFingerprint, group.Count));
    }

    private static DigestBatch<DigestEvent> Batch(params (string Template, DigestLevel Level, int Count)[] groups)
    {
        var batch = new DigestBatch<DigestEvent>();
        foreach (var (template, level, count) in groups)
        {
            for (var i = 0; i < count; i++)
            {
                var e = new DigestEvent(At.AddSeconds(i), level, template, template.Replace("{Service}", "payments", StringComparison.Ordinal))
                {
                    Exception = Thrown(),
                };
                batch.Add(Folded(e, null));
            }
        }

        return batch;
    }

    private static FoldedEvent<DigestEvent> Folded(DigestEvent e, string? userFingerprint)
        => new(e.Timestamp, e.Level, e.MessageTemplate, e.Source, e.Exception, e, userFingerprint);

    private static Exception Thrown()
    {
        try
        {
            throw new TimeoutException("payments did not answer", new IOException("reset"));
        }
        catch (TimeoutException caught)
        {
            return caught;
        }
    }
}
