using DingTalk.Robot.Digest;
using DingTalk.Robot.Tests.Engine.Support;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// In fleet mode the digest loop signs each digest it forms with the replica's name, and with the ⚠ wording while its
/// sender's budget is on the local share (the scripted sender stands in for a fleet budget whose Redis went away; no
/// Redis is touched: the fleet's connection string is only validated). Outside fleet mode, no line.
/// </summary>
public sealed class FleetSignatureTests
{
    private const string Unavailable = "\u26A0 fleet coordination unavailable, sent by orders-7f9c";

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public async Task Each_digest_names_the_replica_and_says_when_the_fleet_was_not_coordinated_as_it_was_formed()
    {
        await using var h = new EngineHarness(Fleet);

        await h.LogAsync(EngineHarness.Error("Payment failed"));
        await h.AdvanceAsync(S(10));

        h.Sender.IsCoordinated = false;
        await h.LogAsync(EngineHarness.Error("Stock low"));
        await h.AdvanceAsync(S(10));

        h.Sender.IsCoordinated = true;
        await h.LogAsync(EngineHarness.Error("Cart expired"));
        await h.AdvanceAsync(S(10));

        Assert.Equal(3, h.Sent.Count);
        Assert.Equal(
            ["sent by orders-7f9c", Unavailable, "sent by orders-7f9c"],
            h.Sent.Select(d => Assert.Single(d.Text.Split('\n'), l => l.Contains("sent by", StringComparison.Ordinal))));
        Assert.Equal(3, h.EventsSent);
    }

    [Fact]
    public async Task A_digest_retried_after_the_fleet_came_back_keeps_the_wording_it_was_formed_with()
    {
        await using var h = new EngineHarness(Fleet);
        h.Sender.IsCoordinated = false;
        h.Sender.Then(ScriptedSender.Results.Refused);

        await h.LogAsync(EngineHarness.Error("Payment failed"));
        await h.AdvanceAsync(S(10));
        h.Sender.IsCoordinated = true;
        await h.AdvanceAsync(S(60));

        Assert.Equal(2, h.Sent.Count);
        Assert.All(h.Sent, d => Assert.Contains(Unavailable, d.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outside_fleet_mode_no_digest_has_a_sender_line_whatever_the_sender_says()
    {
        await using var h = new EngineHarness();
        h.Sender.IsCoordinated = false;

        await h.LogAsync(EngineHarness.Error("Payment failed"));
        await h.AdvanceAsync(S(10));

        var digest = Assert.Single(h.Sent);
        Assert.DoesNotContain("sent by", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u26A0", digest.Text, StringComparison.Ordinal);
    }

    private static void Fleet(DingTalkDigestOptions options)
    {
        // Loopback and unused: the scripted sender replaces the client, so nothing connects to it.
        options.Fleet.Redis = "127.0.0.1:1";
        options.Fleet.Name = "orders";
        options.Fleet.Replica = "orders-7f9c";

        // Each replica's own digests: the signature follows the sender's budget (FleetOneDigestLoopTests has the rest).
        options.Fleet.OneDigest = false;
    }
}
