using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// A stopping engine's last word counts every event it still holds and says why they were not delivered: the reason
/// of the failure they met, not a generic one, wherever they wait.
/// </summary>
public sealed class StopLastWordTests
{
    private const string SignNotMatch = "errcode 310000 \"sign not match\"";

    [Fact]
    public void A_hand_over_not_yet_taken_in_is_counted_with_its_reason()
    {
        // An engine replaced by a configuration reload hands its undelivered events to the current engine, which may
        // itself be stopping (one change can raise the reload twice) before its loop took them in.
        var (lastWord, requests, outcome, said) = NewLastWord();
        requests.HandOver(20, SignNotMatch);

        lastWord.Say(new DigestBatch<DigestEvent>(), pending: null);

        Assert.Equal(20, outcome.Undelivered);
        Assert.Equal(SignNotMatch, outcome.Reason);
        Assert.Contains("20 events were not delivered before shutdown (" + SignNotMatch + ")", Assert.Single(said).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_refused_while_closing_are_said_so_even_once_the_loop_took_them_into_the_batch()
    {
        // The loop drains while its final digest is on the wire: refusals of the closing logger may be in the batch.
        var (lastWord, _, outcome, said) = NewLastWord();
        var batch = new DigestBatch<DigestEvent>();
        batch.AddDropped(3, DropReason.Closing);

        lastWord.Say(batch, pending: null);

        Assert.Equal(3, outcome.Undelivered);
        Assert.Contains("including 3 dropped because they were logged while the logger was closing", Assert.Single(said).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_failure_to_name_the_reason_is_the_time_it_ran_out_of()
    {
        var (lastWord, _, outcome, _) = NewLastWord();
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(DigestEventPassThroughReader.Instance.Fold(new DigestEvent(DateTimeOffset.UnixEpoch, DigestLevel.Error, "Disk full", "Disk full")));

        lastWord.Say(batch, pending: null);

        Assert.Equal(1, outcome.Undelivered);
        Assert.Equal("the shutdown timeout, the robot's budget or its throttle left no time to send them", outcome.Reason);
    }

    private static (StopLastWord<DigestEvent> LastWord, EngineRequests Requests, StopOutcome Outcome, List<DingTalkDiagnostic> Said) NewLastWord()
    {
        var requests = new EngineRequests();
        var outcome = new StopOutcome();
        var said = new List<DingTalkDiagnostic>();
        var reporter = new DeliveryReporter(said.Add, static text => text);
        var lastWord = new StopLastWord<DigestEvent>(new EventQueue<DigestEvent>(limit: 10), requests, outcome, reporter, new KeyValuePair<string, object?>("robot", "test"));
        return (lastWord, requests, outcome, said);
    }
}
