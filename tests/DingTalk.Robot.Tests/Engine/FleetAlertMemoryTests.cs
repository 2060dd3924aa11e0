using DingTalk.Robot.Digest;
using DingTalk.Robot.Tests.Engine.Support;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// Alert memory across a fleet (fleet mode), through the seam of the fleet's log on the fake clock: a group another
/// replica told is ongoing here, not new; a quiet or a repeat is told once for the fleet; a group the fleet told quiet
/// is back; and a log that does not answer leaves the replica judging alone, as without a fleet.
/// </summary>
public sealed class FleetAlertMemoryTests
{
    private const string Mobile = "13800000000";
    private const string DatabaseDown = "Database {Name} unreachable";
    private const string CardRefused = "Payment gateway refused card {Card}";

    [Fact]
    public async Task A_group_another_replica_told_is_ongoing_here_since_the_fleets_start_and_pages_nobody()
    {
        ScriptedFleetLog? fleet = null;
        await using var h = Harness(clock => fleet = Told(clock, DatabaseDown, toldAgo: S(30), since: EngineHarness.Start - TimeSpan.FromMinutes(7)));

        await h.LogEveryAsync(S(1), TimeSpan.FromMinutes(2), _ => h.Now(DigestLevel.Error, DatabaseDown));
        Assert.Empty(h.Sent);

        // A second problem goes out as new; the shared one rides along as ongoing since the fleet's start.
        await h.LogEveryAsync(S(1), S(12), _ => h.Now(DigestLevel.Error, CardRefused));
        var digest = Assert.Single(h.Sent);
        Assert.Contains("\U0001F195 1 new", digest.Message.Title, StringComparison.Ordinal);
        Assert.Contains("\u21BB 1 ongoing", digest.Message.Title, StringComparison.Ordinal);
        Assert.Contains("ongoing since 08:53", digest.Text, StringComparison.Ordinal);
        Assert.True(fleet!.Exchanges > 0);
    }

    [Fact]
    public async Task A_group_another_replica_is_telling_as_new_right_now_rides_along_here_without_a_mention()
    {
        await using var h = Harness(clock =>
        {
            var fleet = new ScriptedFleetLog(clock);
            fleet.Record(DatabaseDown).ClaimedElsewhereAt = clock.GetUtcNow();
            return fleet;
        });

        await h.LogEveryAsync(S(1), TimeSpan.FromMinutes(2), _ => h.Now(DigestLevel.Fatal, DatabaseDown));

        // Not new, and not worse either: the claim has no level, and the claimer tells the level it sees.
        Assert.Empty(h.Sent);
    }

    [Fact]
    public async Task A_group_says_the_fleets_count_and_which_replicas_saw_it_lately_as_escaped_text()
    {
        await using var h = Harness(clock =>
        {
            var fleet = new ScriptedFleetLog(clock);
            var record = fleet.Record(DatabaseDown);
            record.Replicas.AddRange(new[] { "orders-7f9c", "orders-a1b2", "**bold**" });
            record.Events = 1_230;
            return fleet;
        });

        await h.LogEveryAsync(S(1), S(15), _ => h.Now(DigestLevel.Error, DatabaseDown));

        // The fleet's count: the other replicas' 1,230 and the 10 of this digest's window.
        var digest = Assert.Single(h.Sent);
        Assert.Contains("\u00D71,240 on 3 replicas: orders-7f9c, orders-a1b2, ", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("**bold**", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_the_fleet_told_quiet_is_back_here_and_mentions()
    {
        await using var h = Harness(clock =>
        {
            var fleet = Told(clock, DatabaseDown, toldAgo: TimeSpan.FromMinutes(20), since: EngineHarness.Start - TimeSpan.FromMinutes(30));
            var record = fleet.Record(DatabaseDown);
            record.SeenAt = clock.GetUtcNow() - TimeSpan.FromMinutes(15);
            record.QuietAt = clock.GetUtcNow() - TimeSpan.FromMinutes(10);
            return fleet;
        });

        await h.LogEveryAsync(S(1), S(15), _ => h.Now(DigestLevel.Error, DatabaseDown));

        var digest = Assert.Single(h.Sent);
        Assert.Contains("\U0001F501 1 back", digest.Message.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("\U0001F195", digest.Text, StringComparison.Ordinal);
        Assert.NotNull(digest.Message.At);
    }

    [Fact]
    public async Task A_group_another_replica_still_sees_is_not_told_quiet_here_until_the_fleet_stops_seeing_it()
    {
        ScriptedFleetLog? fleet = null;
        await using var h = Harness(clock => fleet = new ScriptedFleetLog(clock));
        await h.LogEveryAsync(S(1), S(30), _ => h.Now(DigestLevel.Error, DatabaseDown));
        Assert.Single(h.Sent);

        fleet!.SeenElsewhere.Add(ScriptedFleetLog.Of(DatabaseDown));
        await h.AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.Single(h.Sent);

        fleet.SeenElsewhere.Clear();
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(2, h.Sent.Count);
        Assert.Contains("\u2705 1 quiet", h.Sent[1].Message.Title, StringComparison.Ordinal);

        // Quiet since the fleet's last sighting (at least 15 minutes in), not this replica's own (half a minute in).
        var since = System.Text.RegularExpressions.Regex.Match(h.Sent[1].Text, @"\*\*quiet\*\* since (\d\d):(\d\d)");
        Assert.True(since.Success, h.Sent[1].Text);
        Assert.True(int.Parse(since.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) >= 15, h.Sent[1].Text);
    }

    [Fact]
    public async Task A_quiet_another_replica_told_is_not_told_again_here()
    {
        ScriptedFleetLog? fleet = null;
        await using var h = Harness(clock => fleet = new ScriptedFleetLog(clock));
        await h.LogEveryAsync(S(1), S(30), _ => h.Now(DigestLevel.Error, DatabaseDown));
        Assert.Single(h.Sent);

        await h.AdvanceAsync(TimeSpan.FromMinutes(3));
        fleet!.Record(DatabaseDown).QuietAt = h.Fake.GetUtcNow();
        await h.AdvanceAsync(TimeSpan.FromMinutes(20));

        Assert.Single(h.Sent);
    }

    [Fact]
    public async Task A_repeat_another_replica_sent_is_not_sent_again_here()
    {
        ScriptedFleetLog? fleet = null;
        await using var h = Harness(clock => fleet = new ScriptedFleetLog(clock), o => o.RepeatInterval = TimeSpan.FromMinutes(2));
        await h.LogEveryAsync(S(1), S(100), _ => h.Now(DigestLevel.Error, DatabaseDown));
        Assert.Single(h.Sent);

        // Another replica repeats the group just before this one would: the fleet hears it once.
        fleet!.Record(DatabaseDown).NotifiedAt = h.Fake.GetUtcNow();
        await h.LogEveryAsync(S(1), S(100), _ => h.Now(DigestLevel.Error, DatabaseDown));

        Assert.Single(h.Sent);
    }

    [Fact]
    public async Task An_accepted_digest_tells_the_fleet_what_it_told()
    {
        ScriptedFleetLog? fleet = null;
        await using var h = Harness(clock => fleet = new ScriptedFleetLog(clock));

        await h.LogEveryAsync(S(1), S(15), _ => h.Now(DigestLevel.Error, DatabaseDown));

        Assert.Single(h.Sent);
        var told = Assert.Single(fleet!.Told);
        Assert.Equal(ScriptedFleetLog.Of(DatabaseDown), told.Fingerprint);
        Assert.NotNull(told.EpisodeStart);
        Assert.False(told.IsQuiet);
    }

    [Fact]
    public async Task What_a_replica_told_while_the_fleets_log_was_away_is_written_back_at_its_age()
    {
        ScriptedFleetLog? fleet = null;
        await using var h = Harness(clock => fleet = new ScriptedFleetLog(clock) { Down = true });
        await h.LogEveryAsync(S(1), S(15), _ => h.Now(DigestLevel.Error, DatabaseDown));
        var told = Assert.Single(h.Sent);
        Assert.Null(fleet!.Record(DatabaseDown).NotifiedAt);

        // The log answers again (an empty Redis after a restart): the next window writes the telling back, at when it
        // was told, so a pod that never saw the group does not page for it.
        fleet.Down = false;
        await h.LogEveryAsync(S(1), S(15), _ => h.Now(DigestLevel.Error, DatabaseDown));

        Assert.Single(h.Sent);
        var record = fleet.Record(DatabaseDown);
        Assert.NotNull(record.NotifiedAt);
        Assert.InRange(record.NotifiedAt!.Value, told.At - S(1), told.At + S(1));
        Assert.Equal(DigestLevel.Error, record.Level);
    }

    [Fact]
    public async Task When_the_fleets_log_does_not_answer_the_replica_judges_alone()
    {
        await using var h = Harness(clock =>
        {
            var fleet = Told(clock, DatabaseDown, toldAgo: S(30), since: EngineHarness.Start);
            fleet.Down = true;
            return fleet;
        });

        await h.LogEveryAsync(S(1), S(15), _ => h.Now(DigestLevel.Error, DatabaseDown));

        var digest = Assert.Single(h.Sent);
        Assert.Contains("\U0001F195 1 new", digest.Message.Title, StringComparison.Ordinal);
    }

    // The fleet's record of a group another replica told toldAgo and still sees.
    private static ScriptedFleetLog Told(TimeProvider clock, string template, TimeSpan toldAgo, DateTimeOffset since)
    {
        var fleet = new ScriptedFleetLog(clock);
        var record = fleet.Record(template);
        record.NotifiedAt = clock.GetUtcNow() - toldAgo;
        record.SeenAt = clock.GetUtcNow() - S(1);
        record.Since = since;
        return fleet;
    }

    private static EngineHarness Harness(Func<TimeProvider, ScriptedFleetLog> fleet, Action<DingTalkDigestOptions>? configure = null)
        => new(
            o =>
            {
                o.AtMobiles = new List<string> { Mobile };
                configure?.Invoke(o);
            },
            fleet: fake => fleet(fake));

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
}
