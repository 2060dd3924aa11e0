using DingTalk.Robot.Digest.Memory;
using Xunit.Abstractions;

namespace DingTalk.Robot.Tests.Memory;

/// <summary>The incident of issue #14, replayed as 10-second digest windows with the default options.</summary>
public sealed class IncidentReplayTests(ITestOutputHelper output)
{
    private static readonly AlertFingerprint Database = AlertFingerprint.OfTemplate("Database {Name} unreachable");
    private static readonly AlertFingerprint Payments = AlertFingerprint.OfTemplate("Payment gateway {Gateway} timed out");

    [Fact]
    public void The_thirty_minute_incident_tells_its_story_in_five_messages_and_three_mentions()
    {
        var replay = new IncidentReplay();
        replay.Run(TimeSpan.FromMinutes(40), Incident);

        Assert.Collection(
            replay.Sent,
            d =>
            {
                // The first window: new, mentioned.
                Assert.Equal(Seconds(10), d.At);
                var database = Assert.Single(d.Decision.Verdicts);
                Assert.Equal((AlertState.New, true, 100L), (database.State, database.Mention, database.SinceLastDigest));
                Assert.Equal(MemoryClock.Wall0, database.Since);
            },
            d =>
            {
                // Ten minutes of the same problem said nothing; the tenfold rise is told and mentioned.
                Assert.Equal(Minutes(10) + Seconds(10), d.At);
                var database = Assert.Single(d.Decision.Verdicts);
                Assert.Equal((AlertState.Rising, true), (database.State, database.Mention));
                Assert.Equal(100, database.Rate, precision: 6);
                Assert.Equal(100 / 9.9, database.NotifiedRate, precision: 6);
                Assert.Equal(59 * 100 + 1000, database.SinceLastDigest);
            },
            d =>
            {
                // The second problem arrives as new within one window; the first rides along, not mentioned.
                Assert.Equal(Minutes(20) + Seconds(10), d.At);
                Assert.Equal((AlertState.New, true, 100L), Story(d.Of(Payments)));
                var database = d.Of(Database);
                Assert.Equal((AlertState.Ongoing, false, 60 * 1000L), Story(database));
                Assert.False(database.IsFull);
                Assert.Equal(6000 + 61 * 1000, database.Total);
            },
            d =>
            {
                // Five minutes after its last event the second problem is quiet: told once, with its length and total.
                Assert.Equal(Minutes(30), d.At);
                var payments = d.Of(Payments);
                Assert.Equal((AlertState.Quiet, false, 29 * 100L), Story(payments));
                Assert.Equal(Minutes(5) - Milliseconds(100), payments.Lasted);
                Assert.Equal(3000, payments.EpisodeTotal);
                Assert.Equal(MemoryClock.Wall0 + Minutes(25) - Milliseconds(100), payments.LastSeen);
                Assert.Equal((AlertState.Ongoing, false, 59 * 1000L), Story(d.Of(Database)));
            },
            d =>
            {
                // And the first, five minutes after the database came back.
                Assert.Equal(Minutes(35), d.At);
                var database = Assert.Single(d.Decision.Verdicts);
                Assert.Equal((AlertState.Quiet, false, 0L), Story(database));
                Assert.Equal(60 * 100 + 120 * 1000, database.Total);
                Assert.Equal(Minutes(30) - Milliseconds(10), database.Lasted);
            });

        var mentions = replay.Sent.Count(d => d.Decision.HasMentions);
        Assert.Equal(3, mentions);
        Assert.Equal(180, replay.WindowsWithEvents);
        Assert.Equal(60 * 100 + 120 * 1000 + 30 * 100, replay.Logged);
        Assert.Equal(replay.Logged, replay.Told);
        output.WriteLine(
            $"30-minute incident: {replay.Sent.Count} messages, {mentions} with mentions (without memory: {replay.WindowsWithEvents} messages, " +
            $"{replay.WindowsWithEvents} with mentions); {replay.Told:N0} of {replay.Logged:N0} events told.");
    }

    [Fact]
    public void A_problem_that_goes_on_is_told_in_full_again_every_repeat_interval_without_mentions()
    {
        var replay = new IncidentReplay();
        replay.Run(Minutes(150), _ => new[] { (Database, 100L) });

        Assert.Equal(new[] { Seconds(10), Minutes(60) + Seconds(10), Minutes(120) + Seconds(10) }, replay.Sent.Select(d => d.At));
        Assert.True(replay.Sent[0].Of(Database).Mention);
        Assert.All(replay.Sent.Skip(1), d =>
        {
            var database = d.Of(Database);
            Assert.Equal((AlertState.Ongoing, true, true, false), (database.State, database.IsRepeat, database.IsFull, database.Mention));
            Assert.Equal(360 * 100, database.SinceLastDigest);
        });
    }

    [Fact]
    public void A_refused_digest_is_told_again_with_the_same_story_and_the_counts_since()
    {
        var replay = new IncidentReplay { Accepts = at => at != Seconds(10) && at != Minutes(20) + Seconds(10) };
        replay.Run(TimeSpan.FromMinutes(40), Incident);

        Assert.Equal(
            new[] { Seconds(10), Seconds(20), Minutes(10) + Seconds(10), Minutes(20) + Seconds(10), Minutes(20) + Seconds(20), Minutes(30), Minutes(35) },
            replay.Attempts.Select(d => d.At));
        Assert.Equal((AlertState.New, true, 200L), Story(replay.Sent[0].Of(Database)));
        Assert.Equal(Seconds(20), replay.Sent[0].At);
        var retold = replay.Sent[2];
        Assert.Equal(Minutes(20) + Seconds(20), retold.At);
        Assert.Equal((AlertState.New, true, 200L), Story(retold.Of(Payments)));
        Assert.Equal((AlertState.Ongoing, false, 61 * 1000L), Story(retold.Of(Database)));
        Assert.Equal(replay.Logged, replay.Told);
    }

    // One template every 100 ms for 30 minutes, ten times as many from minute 10 (the database gets worse); a second
    // template from minute 20 to 25.
    private static IEnumerable<(AlertFingerprint, long)> Incident(TimeSpan windowStart)
    {
        if (windowStart < Minutes(30))
        {
            yield return (Database, windowStart < Minutes(10) ? 100 : 1000);
        }

        if (windowStart >= Minutes(20) && windowStart < Minutes(25))
        {
            yield return (Payments, 100);
        }
    }

    private static (AlertState, bool, long) Story(AlertVerdict v) => (v.State, v.Mention, v.SinceLastDigest);

    private static TimeSpan Minutes(int n) => TimeSpan.FromMinutes(n);

    private static TimeSpan Seconds(int n) => TimeSpan.FromSeconds(n);

    private static TimeSpan Milliseconds(int n) => TimeSpan.FromMilliseconds(n);
}
