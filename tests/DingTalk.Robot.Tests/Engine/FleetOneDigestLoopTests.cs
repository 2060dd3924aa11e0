using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Relay;
using DingTalk.Robot.Tests.Engine.Support;
using DingTalk.Testing.Shared;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// The fleet's one digest in the engine, through an in-memory channel on a fake clock: a replica publishes its due
/// batches instead of sending them, sends its own (marked ⚠) while the fleet does not answer, and its fleet engine,
/// while it holds the lease, sends one digest with every replica's events and what a vanished holder held.
/// </summary>
public sealed class FleetOneDigestLoopTests
{
    private const string Unavailable = "\u26A0 fleet coordination unavailable, sent by orders-1";

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public async Task A_replica_publishes_its_due_batch_to_the_fleet_and_sends_nothing_itself()
    {
        var channel = new InMemoryFleetChannel();
        await using var h = new EngineHarness(Fleet, channel: channel);

        await h.LogAsync(EngineHarness.Error("Payment failed"), EngineHarness.Error("Payment failed"), EngineHarness.Error("Stock low"));
        await h.AdvanceAsync(S(10));

        var delta = Assert.Single(channel.Published);
        Assert.Equal(("orders-1", 3L), (delta.Replica, delta.Accounts));
        Assert.Equal(2, delta.Groups.Single(g => g.Template == "Payment failed").Count);
        Assert.Empty(h.Sent);
        Assert.Empty(h.FleetSender.Sent);
        channel.TakeAllElsewhere();
    }

    [Fact]
    public async Task While_the_fleet_does_not_answer_the_replica_sends_its_own_digest_marked_unavailable_and_publishes_again_when_it_does()
    {
        var channel = new InMemoryFleetChannel { Answers = false };
        await using var h = new EngineHarness(Fleet, channel: channel);

        await h.LogAsync(EngineHarness.Error("Payment failed"));
        await h.AdvanceAsync(S(10));
        channel.Answers = true;
        await h.LogAsync(EngineHarness.Error("Stock low"));
        await h.AdvanceAsync(S(10));

        var alone = Assert.Single(h.Sent);
        Assert.Contains(Unavailable, alone.Text, StringComparison.Ordinal);
        Assert.Equal(1, h.EventsSent);
        Assert.Equal(1, Assert.Single(channel.Published).Accounts);
        channel.TakeAllElsewhere();
    }

    [Fact]
    public async Task Back_from_sending_alone_a_replica_writes_what_it_told_meanwhile_to_the_fleets_memory_for_the_holder()
    {
        var channel = new InMemoryFleetChannel { Answers = false };
        ScriptedFleetLog? log = null;
        await using var h = new EngineHarness(Fleet, channel: channel, fleet: fake => log = new ScriptedFleetLog(fake) { Down = true });

        // Redis away: the replica tells its new problem alone, and the fleet's memory does not hear of it.
        await h.LogAsync(EngineHarness.Error("Payment failed"));
        await h.AdvanceAsync(S(10));
        Assert.Single(h.Sent);
        Assert.Empty(log!.Told);

        // Back: before it publishes again, it writes that telling back, so the holder does not tell it as new.
        channel.Answers = true;
        log.Down = false;
        await h.LogAsync(EngineHarness.Error("Payment failed"));
        await h.AdvanceAsync(S(10));

        Assert.Contains(log.Told, t => t.Fingerprint == ScriptedFleetLog.Of("Payment failed"));
        Assert.Single(channel.Published);
        channel.TakeAllElsewhere();
    }

    [Fact]
    public async Task The_holder_sends_one_digest_with_every_replicas_events_and_counts_what_a_vanished_holder_held()
    {
        var channel = new InMemoryFleetChannel { IsHolder = true };
        channel.PublishFrom(DeltaOf("orders-2", "Payment failed", 5));
        channel.PublishFrom(DeltaOf("orders-3", "Payment failed", 7));
        channel.LostBy("orders-9", 40);
        await using var h = new EngineHarness(Fleet, channel: channel);

        await h.LogAsync(EngineHarness.Error("Payment failed"));
        await h.AdvanceAsync(S(10));

        // The fleet engine's loop is not the one the harness steps: the clock moves on a second per look until the
        // fleet's digests have gone out (each look is a poll of their end state, not a wait for a loop to settle).
        await Poll.UntilAsync(
            () =>
            {
                h.Fake.Advance(S(1));
                return h.FleetSender.Sent.Sum(d => SentDigest.EventCount(d.Text)) == 13 && channel.LastHeld == 0;
            },
            "the fleet's digests");

        // The other replicas' deltas, taken at once, and this replica's own (published at 10 s: in the same digest or
        // the next, as the takes fall); the vanished holder's 40 told in the first.
        Assert.InRange(h.FleetSender.Sent.Count, 1, 2);
        Assert.Contains("orders-9 held them for the fleet", h.FleetSender.Sent[0].Text, StringComparison.Ordinal);
        Assert.All(h.FleetSender.Sent, d => Assert.Contains("sent by orders-1", d.Text, StringComparison.Ordinal));
        Assert.Empty(h.Sent);
    }

    [Fact]
    public async Task At_a_stop_the_holder_sends_what_is_left_and_lets_the_lease_go()
    {
        var channel = new InMemoryFleetChannel { IsHolder = true };
        var h = new EngineHarness(Fleet, channel: channel);
        await h.LogAsync(EngineHarness.Error("Payment failed"));

        await h.DisposeAsync();

        Assert.Equal(1, SentDigest.EventCount(Assert.Single(h.FleetSender.Sent).Text));
        Assert.True(channel.Released);
        Assert.Equal(0, channel.LastHeld);
        Assert.Empty(h.Sent);
    }

    private static FleetDelta DeltaOf(string replica, string template, long events)
    {
        var batch = new DigestBatch<DigestEvent>();
        for (var i = 0; i < events; i++)
        {
            var e = new DigestEvent(EngineHarness.Start, DigestLevel.Error, template, template);
            batch.Add(new FoldedEvent<DigestEvent>(e.Timestamp, e.Level, template, null, null, e));
        }

        return FleetDeltaBuilder.From(batch, DigestEventPassThroughReader.Instance, replica);
    }

    private static void Fleet(DingTalkDigestOptions options)
    {
        // Loopback and unused: the scripted senders and the in-memory channel replace Redis and the robot.
        options.Fleet.Redis = "127.0.0.1:1";
        options.Fleet.Name = "orders";
        options.Fleet.Replica = "orders-1";
    }
}
