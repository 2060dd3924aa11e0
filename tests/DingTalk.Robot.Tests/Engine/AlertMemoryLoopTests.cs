using DingTalk.Robot.Digest;
using DingTalk.Robot.Tests.Engine.Support;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// The alert memory in the loop, on a fake clock with a scripted robot: a digest goes out when it has something to
/// tell, ongoing groups ride along with exact counts, a group that stops is told once, and mentions only mean news.
/// </summary>
public sealed class AlertMemoryLoopTests
{
    private const string Mobile = "13800000000";
    private const string DatabaseDown = "Database {Name} unreachable";
    private const string CardRefused = "Payment gateway refused card {Card}";

    [Fact]
    public async Task An_ongoing_group_with_nothing_new_sends_no_digest_of_its_own()
    {
        await using var h = Harness();

        await h.LogEveryAsync(S(1), TimeSpan.FromMinutes(3), _ => h.Now(DigestLevel.Error, DatabaseDown));

        var digest = Assert.Single(h.Sent);
        Assert.Contains("\U0001F195 ", digest.Message.Title, StringComparison.Ordinal);
        Assert.Contains("\U0001F195 **new**", digest.Text, StringComparison.Ordinal);
        Assert.NotNull(digest.Message.At);
    }

    [Fact]
    public async Task A_second_problem_is_told_as_new_within_the_buffering_time_and_the_ongoing_one_rides_along_with_its_exact_count()
    {
        await using var h = Harness();
        await h.LogEveryAsync(S(1), TimeSpan.FromMinutes(2), _ => h.Now(DigestLevel.Error, DatabaseDown));
        Assert.Single(h.Sent);
        var secondStarts = h.Elapsed;

        await h.LogEveryAsync(S(1), S(30), i => h.Now(DigestLevel.Error, i % 2 == 0 ? DatabaseDown : CardRefused));

        Assert.Equal(2, h.Sent.Count);
        var second = h.Sent[1];
        Assert.True(second.At - EngineHarness.Start - secondStarts <= S(11), $"told at {second.At - EngineHarness.Start}");
        Assert.Contains("#### \U0001F195 ", second.Text, StringComparison.Ordinal);
        Assert.Contains("- \u21BB ", second.Text, StringComparison.Ordinal);
        Assert.Contains("ongoing since", second.Text, StringComparison.Ordinal);
        Assert.NotNull(second.Message.At);

        // Every event logged before the second digest formed is in one of the two digests' counts: none lost in the rides.
        await h.Engine.FlushAsync();
        Assert.Equal(120 + 30, h.EventsSent);
    }

    [Fact]
    public async Task A_group_that_stops_is_told_quiet_once_without_mentions_after_QuietAfter()
    {
        await using var h = Harness();
        await h.LogEveryAsync(S(1), S(30), _ => h.Now(DigestLevel.Error, DatabaseDown));

        await h.AdvanceAsync(TimeSpan.FromMinutes(20));

        // The new group's first window, then its quiet, which carries the 20 events that rode along meanwhile.
        Assert.Equal(2, h.Sent.Count);
        Assert.Equal(30, h.EventsSent);
        var quiet = h.Sent[1];
        Assert.Contains("\u2705 1 quiet", quiet.Message.Title, StringComparison.Ordinal);
        Assert.Contains("**quiet** since", quiet.Text, StringComparison.Ordinal);
        Assert.Null(quiet.Message.At);
        var toldAt = quiet.At - EngineHarness.Start;
        Assert.InRange(toldAt, TimeSpan.FromSeconds(29) + h.Options.QuietAfter, TimeSpan.FromSeconds(30) + h.Options.QuietAfter + S(2));
    }

    [Fact]
    public async Task A_group_that_returns_after_its_quiet_was_told_is_back_and_mentions()
    {
        await using var h = Harness();
        await h.LogEveryAsync(S(1), S(10), _ => h.Now(DigestLevel.Error, DatabaseDown));
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));

        await h.LogEveryAsync(S(1), S(15), _ => h.Now(DigestLevel.Error, DatabaseDown));

        var back = h.Sent.Last();
        Assert.Contains("\U0001F501 1 back", back.Message.Title, StringComparison.Ordinal);
        Assert.NotNull(back.Message.At);
    }

    [Fact]
    public async Task A_tenfold_rise_is_told_as_rising_with_mentions()
    {
        await using var h = Harness();
        await h.LogEveryAsync(S(1), TimeSpan.FromMinutes(1), _ => h.Now(DigestLevel.Error, DatabaseDown));
        Assert.Single(h.Sent);

        for (var second = 0; second < 15; second++)
        {
            await h.LogAsync(Enumerable.Range(0, 10).Select(_ => h.Now(DigestLevel.Error, DatabaseDown)).ToArray());
            await h.AdvanceAsync(S(1));
        }

        var rising = h.Sent.Last();
        Assert.Contains("\U0001F4C8 1 rising", rising.Message.Title, StringComparison.Ordinal);
        Assert.Contains("**rising**", rising.Text, StringComparison.Ordinal);
        Assert.NotNull(rising.Message.At);
    }

    [Fact]
    public async Task An_unchanged_ongoing_group_is_told_in_full_again_after_RepeatInterval_without_mentions()
    {
        await using var h = Harness(o => o.RepeatInterval = TimeSpan.FromMinutes(2));

        await h.LogEveryAsync(S(1), TimeSpan.FromMinutes(5), _ => h.Now(DigestLevel.Error, DatabaseDown));

        Assert.InRange(h.Sent.Count, 3, 4);
        var repeat = h.Sent[1];
        Assert.Contains("\u21BB **ongoing** since", repeat.Text, StringComparison.Ordinal);
        Assert.Contains("since the last digest", repeat.Text, StringComparison.Ordinal);
        Assert.Null(repeat.Message.At);
        Assert.InRange(repeat.At - h.Sent[0].At, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2) + S(11));
    }

    [Fact]
    public async Task A_worse_level_is_told_with_mentions()
    {
        await using var h = Harness(o => o.MentionLevel = DigestLevel.Error);
        await h.LogEveryAsync(S(1), S(30), _ => h.Now(DigestLevel.Warning, DatabaseDown));
        Assert.Single(h.Sent);
        Assert.Null(h.Sent[0].Message.At);

        await h.LogEveryAsync(S(1), S(15), _ => h.Now(DigestLevel.Error, DatabaseDown));

        var worse = h.Sent.Last();
        Assert.Contains("\U0001F53A 1 worse", worse.Message.Title, StringComparison.Ordinal);
        Assert.NotNull(worse.Message.At);
    }

    [Fact]
    public async Task A_digest_that_failed_is_retold_with_the_same_story()
    {
        await using var h = Harness();
        h.Sender.Then(ScriptedSender.Results.Refused, ScriptedSender.Results.Refused);

        await h.LogEveryAsync(S(1), TimeSpan.FromMinutes(2), _ => h.Now(DigestLevel.Error, DatabaseDown));

        Assert.Equal(3, h.Sent.Count);
        Assert.All(h.Sent, d => Assert.Contains("\U0001F195 ", d.Message.Title, StringComparison.Ordinal));
        Assert.All(h.Sent, d => Assert.NotNull(d.Message.At));
    }

    [Fact]
    public async Task A_flush_delivers_the_counts_that_ride_along()
    {
        await using var h = Harness();
        await h.LogEveryAsync(S(1), TimeSpan.FromMinutes(2), _ => h.Now(DigestLevel.Error, DatabaseDown));
        Assert.Single(h.Sent);

        await h.Engine.FlushAsync();

        Assert.Equal(2, h.Sent.Count);
        Assert.Equal(120, h.EventsSent);
        Assert.Contains("\u21BB ", h.Sent[1].Text, StringComparison.Ordinal);
        Assert.Null(h.Sent[1].Message.At);
    }

    [Fact]
    public async Task Events_that_share_the_users_fingerprint_form_one_group_whatever_their_templates()
    {
        await using var h = Harness();

        await h.LogAsync(
            h.Now(DigestLevel.Error, "Timeout calling {Service}", fingerprint: "db-down"),
            h.Now(DigestLevel.Error, "Could not open connection to {Host}", fingerprint: "db-down"),
            h.Now(DigestLevel.Error, "Timeout calling {Service}"));
        await h.AdvanceAsync(S(11));

        var digest = Assert.Single(h.Sent);
        Assert.Contains("\U0001F195 2 new", digest.Message.Title, StringComparison.Ordinal);
        Assert.Contains("ERROR</font> \u00D72 \u00B7 Timeout calling {Service}", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_alert_memory_every_batch_is_told_in_full_and_mentions()
    {
        await using var h = Harness(o => o.RememberAlerts = false);

        await h.LogEveryAsync(S(1), TimeSpan.FromMinutes(2), _ => h.Now(DigestLevel.Error, DatabaseDown));

        Assert.InRange(h.Sent.Count, 11, 13);
        Assert.All(h.Sent, d => Assert.NotNull(d.Message.At));
        Assert.All(h.Sent, d => Assert.DoesNotContain("\U0001F195", d.Text, StringComparison.Ordinal));
    }

    private static EngineHarness Harness(Action<DingTalkDigestOptions>? configure = null)
        => new(o =>
        {
            o.AtMobiles = new List<string> { Mobile };
            configure?.Invoke(o);
        });

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
}
