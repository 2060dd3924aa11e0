using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.FrontEnds;
using DingTalk.Testing.Shared.Reliability;
using Xunit.Abstractions;

namespace DingTalk.Scenarios.Tests;

/// <summary>
/// The on-call engineer's incident, replayed on a simulated clock through each front end into the emulator: a database
/// that stays down for 30 minutes (an error every 100 ms), a tenfold burst of it at minute 10, and a second problem
/// from minute 20 to 25. With alert memory the group hears of each change once; without it, of every batch.
/// </summary>
public sealed class AlertMemoryScenarios(ITestOutputHelper output)
{
    private const string Mobile = "13800000000";
    private const string DatabaseDown = "Database {Name} unreachable";
    private const string CardRefused = "Payment gateway refused card {Card}";

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task A_thirty_minute_incident_is_told_in_a_few_messages_that_say_what_changed_and_add_up(FrontEnd frontEnd)
    {
        var remembered = await ReplayAsync(frontEnd, rememberAlerts: true);
        var everyBatch = await ReplayAsync(frontEnd, rememberAlerts: false);
        output.WriteLine($"{frontEnd}: with alert memory {remembered.Messages.Count} messages, {Mentions(remembered.Messages)} with mentions; " +
            $"every batch told: {everyBatch.Messages.Count} messages, {Mentions(everyBatch.Messages)} with mentions.");

        var digests = remembered.Messages;
        Assert.Equal(remembered.Logged, Ledger.Accounted(digests));
        Assert.Equal(everyBatch.Logged, Ledger.Accounted(everyBatch.Messages));
        Assert.True(digests.Count * 10 <= everyBatch.Messages.Count, $"{digests.Count} vs {everyBatch.Messages.Count} messages:\n{Describe(digests)}");
        Assert.True(Mentions(digests) * 10 <= Mentions(everyBatch.Messages), Describe(digests));

        // The first digest: the database group, new, with mentions.
        Assert.StartsWith("\U0001F195 1 new", digests[0].Title, StringComparison.Ordinal);
        Assert.Contains(Mobile, digests[0].AtMobiles);

        // The burst at minute 10 is told as rising, with mentions.
        var rising = Assert.Single(digests, d => d.Title!.Contains("\U0001F4C8", StringComparison.Ordinal));
        Assert.InRange(rising.ReceivedAt - remembered.Start, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10.5));
        Assert.Contains(Mobile, rising.AtMobiles);

        // The second problem is new within the buffering time, with mentions, and the database rides along as ongoing.
        var second = Assert.Single(digests, d => d.Text!.Contains("\U0001F195 ", StringComparison.Ordinal) && d.Text.Contains("refused card", StringComparison.Ordinal));
        Assert.InRange(second.ReceivedAt - remembered.Start, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(12));
        Assert.Contains(Mobile, second.AtMobiles);
        Assert.Contains("\u21BB ", second.Text, StringComparison.Ordinal);

        // Its recovery is told once, without mentions; so is the database's, with its exact total.
        var quietCard = Assert.Single(digests, d => IsQuiet(d, "refused card"));
        // Its last event came at 24:59: quiet QuietAfter (5 minutes) later.
        Assert.InRange(quietCard.ReceivedAt - remembered.Start, TimeSpan.FromMinutes(29.9), TimeSpan.FromMinutes(30.5));
        Assert.Empty(quietCard.AtMobiles);
        var quietDatabase = Assert.Single(digests, d => IsQuiet(d, "unreachable"));
        Assert.Contains("\u00D7" + remembered.DatabaseEvents.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " in all", quietDatabase.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task Events_with_the_same_Fingerprint_property_are_one_alert_whatever_their_templates(FrontEnd frontEnd)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter());

        rig.App.Error("Timeout calling {Service} ({Fingerprint})", "orders-db", "db-down");
        rig.App.Error("Could not open a connection to {Host} ({Fingerprint})", "10.0.0.7", "db-down");
        rig.App.Error("Timeout calling {Service}", "payments");
        await rig.App.StopAsync();

        var digest = Assert.Single(rig.Robot.Messages);
        Assert.StartsWith("\U0001F195 2 new", digest.Title, StringComparison.Ordinal);
        Assert.Contains("\u00D72 \u00B7 Timeout calling {Service} ({Fingerprint})", digest.Text, StringComparison.Ordinal);
        Assert.Equal(3, Ledger.Accounted(rig.Robot.Messages));
    }

    private static bool IsQuiet(ReceivedMessage digest, string label)
        => digest.Text!.Split('\n').Any(line => line.Contains("\u2705", StringComparison.Ordinal) && line.Contains("quiet", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal)
            || line.Contains("#### \u2705", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal));

    private static int Mentions(IReadOnlyList<ReceivedMessage> digests) => digests.Count(d => d.AtMobiles.Count > 0);

    private static string Describe(IEnumerable<ReceivedMessage> digests)
        => string.Join("\n", digests.Select(d => $"{d.ReceivedAt:HH:mm:ss} {d.Title} @{d.AtMobiles.Count}"));

    // One simulated second at a time: 10 database errors (100 in minutes 10 and 11), 2 card refusals in minutes 20–24,
    // for 30 minutes; then 6 quiet minutes, and the app stops.
    private static async Task<Replay> ReplayAsync(FrontEnd frontEnd, bool rememberAlerts)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o =>
        {
            o.AtMobiles = new List<string> { Mobile };
            o.RememberAlerts = rememberAlerts;
        });
        var start = rig.Time.Now;
        long logged = 0, database = 0;
        for (var second = 0; second < 30 * 60; second++)
        {
            var minute = second / 60;
            var burst = minute is 10 or 11 ? 100 : 10;
            for (var i = 0; i < burst; i++, logged++, database++)
            {
                rig.App.Error(DatabaseDown, "orders-db");
            }

            if (minute is >= 20 and < 25)
            {
                rig.App.Error(CardRefused, "4111-****-" + (second % 100));
                rig.App.Error(CardRefused, "5500-****-" + (second % 100));
                logged += 2;
            }

            await rig.Time.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        await rig.Time.AdvanceAsync(TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(5));
        await rig.App.StopAsync();
        return new Replay(rig.Robot.Messages, logged, database, start);
    }

    private sealed record Replay(IReadOnlyList<ReceivedMessage> Messages, long Logged, long DatabaseEvents, DateTimeOffset Start);
}
