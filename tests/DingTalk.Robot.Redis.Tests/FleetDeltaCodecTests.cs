using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Relay;

namespace DingTalk.Robot.Redis.Tests;

/// <summary>A delta survives its trip through the fleet's stream: every count, example field and the exception chain.</summary>
public sealed class FleetDeltaCodecTests
{
    [Fact]
    public void A_delta_read_back_has_every_count_example_and_exception_it_was_written_with()
    {
        var at = new DateTimeOffset(2026, 11, 27, 9, 30, 15, 123, TimeSpan.FromHours(8));
        var exception = new RelayedException("System.TimeoutException", "no answer in 5 s", "   at Orders.Pay()", new RelayedException("System.IO.IOException", "reset", null, null));
        var example = new DigestEvent(at, DigestLevel.Fatal, "Pay {Order} failed", "Pay 7 failed <b>")
        {
            Source = "Orders.Payments",
            Exception = exception,
            EventId = 17,
            EventName = "PayFailed",
            Properties = [new("Order", "7"), new("Region", "cn-hangzhou")],
            Scopes = ["request 9"],
            TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
            SpanId = "00f067aa0ba902b7",
            LinkValues = [new("Tenant", "acme")],
        };
        var counts = new long[DigestLevelText.Count];
        counts[DigestLevelText.Index(DigestLevel.Fatal)] = 3;
        counts[DigestLevelText.Index(DigestLevel.Error)] = 1_000_000;
        var group = new FleetDeltaGroup("Pay {Order} failed", "payments-down", ulong.MaxValue - 5, counts, at, at.AddSeconds(9), [example]);
        var others = new long[DigestLevelText.Count];
        others[1] = 4;
        var queueFull = new long[DigestLevelText.Count];
        queueFull[4] = 2;
        var delta = new FleetDelta("orders-7f9c", [group], others, queueFull, 5, 6, [new UndeliveredNote(8, "errcode 300001", outcomeUnknown: true)]);

        var read = FleetDeltaCodec.Read(FleetDeltaCodec.Write(delta));

        Assert.Equal("orders-7f9c", read.Replica);
        Assert.Equal(delta.Accounts, read.Accounts);
        Assert.Equal(others, read.OtherLevelCounts);
        Assert.Equal(queueFull, read.DroppedQueueFullLevels);
        Assert.Equal((5L, 6L), (read.DroppedQueueFull, read.DroppedClosing));
        var note = Assert.Single(read.Undelivered);
        Assert.Equal((8L, "errcode 300001", true), (note.Events, note.Reason, note.OutcomeUnknown));

        var g = Assert.Single(read.Groups);
        Assert.Equal(("Pay {Order} failed", "payments-down", ulong.MaxValue - 5), (g.Template, g.UserFingerprint, g.Fingerprint));
        Assert.Equal(counts, g.LevelCounts);
        Assert.Equal((at, at.AddSeconds(9)), (g.FirstSeen, g.LastSeen));
        Assert.Equal(at.Offset, g.FirstSeen.Offset);

        var e = Assert.Single(g.Examples);
        Assert.Equal((at, DigestLevel.Fatal, "Pay {Order} failed", "Pay 7 failed <b>"), (e.Timestamp, e.Level, e.MessageTemplate, e.RenderedMessage));
        Assert.Equal(("Orders.Payments", 17, "PayFailed"), (e.Source, e.EventId, e.EventName));
        Assert.Equal(example.Properties, e.Properties);
        Assert.Equal(example.Scopes, e.Scopes);
        Assert.Equal((example.TraceId, example.SpanId), (e.TraceId, e.SpanId));
        Assert.Equal(example.LinkValues, e.LinkValues);
        var relayed = Assert.IsType<RelayedException>(e.Exception);
        Assert.Equal(("System.TimeoutException", "no answer in 5 s", "   at Orders.Pay()"), (relayed.TypeName, relayed.Message, relayed.StackTrace));
        Assert.Equal(("System.IO.IOException", "reset"), (relayed.Inner!.TypeName, relayed.Inner.Message));
        Assert.Null(relayed.Inner.Inner);
    }
}
