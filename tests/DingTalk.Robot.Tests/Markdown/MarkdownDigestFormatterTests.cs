using DingTalk.Robot.Digest;
using DingTalk.Robot.Tests.Digest;
using static DingTalk.Robot.Tests.Markdown.Scenario;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Tests.Markdown;

public sealed class MarkdownDigestFormatterTests
{
    [Theory]
    [InlineData(DigestLevel.Warning, false)]
    [InlineData(DigestLevel.Error, true)]
    [InlineData(DigestLevel.Fatal, true)]
    public void Mentions_only_at_or_above_the_mention_level(DigestLevel worst, bool mentioned)
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Information, "Started"));
        batch.Add(Event(1, worst, "Something"));

        var digest = Format(batch);

        Assert.Equal(mentioned, digest.Message.At is not null);
        Assert.Equal(mentioned, digest.Message.Text.Contains("@13800000000 @zhangsan", StringComparison.Ordinal));
        Assert.Equal(mentioned ? 2 : 0, digest.Message.Text.Count(c => c == '@'));
        if (mentioned)
        {
            Assert.Equal(new[] { "13800000000" }, digest.Message.At!.AtMobiles);
            Assert.Equal(new[] { "zhangsan" }, digest.Message.At.AtUserIds);
            Assert.False(digest.Message.At.IsAtAll);
        }

        DigestInvariants.Check(digest, Settings(), 2, worst);
    }

    [Fact]
    public void At_all_sets_the_flag_without_a_token()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Fatal, "Down"));
        var settings = Settings(s =>
        {
            s.AtMobiles = Array.Empty<string>();
            s.AtUserIds = Array.Empty<string>();
            s.AtAll = true;
        });

        var digest = Format(batch, settings);

        Assert.True(digest.Message.At?.IsAtAll);
        Assert.DoesNotContain('@', digest.Message.Text);
    }

    [Fact]
    public void The_keyword_is_added_once_when_missing_and_not_when_present()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Error, "Boom"));

        var missing = Format(batch, Settings(s => s.Keyword = "告警"));
        var present = Format(batch, Settings(s => s.Keyword = "OrderService"));

        Assert.EndsWith("— 告警\n\n@13800000000 @zhangsan", missing.Message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("— OrderService", present.Message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_title_names_the_worst_level_and_counts_from_warning_up()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Information, "i"));
        batch.Add(Event(0, DigestLevel.Warning, "w"));
        batch.Add(Event(0, DigestLevel.Warning, "w"));
        batch.Add(Event(0, DigestLevel.Error, "e"));

        Assert.Equal("[ERROR] OrderService: 1 error, 2 warnings", Format(batch).Message.Title);

        batch.Clear();
        batch.Add(Event(0, DigestLevel.Information, "i"));
        batch.Add(Event(0, DigestLevel.Debug, "d"));
        Assert.Equal("[INFO] OrderService: 1 info, 1 debug", Format(batch).Message.Title);

        batch.Clear();
        batch.AddUndelivered(312, "HTTP 503", outcomeUnknown: false);
        Assert.Equal("[UNDELIVERED] OrderService: 312 events not delivered", Format(batch).Message.Title);
    }

    [Fact]
    public void The_window_is_written_in_full_across_days_and_offsets()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(new DigestEvent(new DateTimeOffset(2024, 5, 1, 23, 59, 30, TimeSpan.FromHours(8)), DigestLevel.Error, "a", "a"));
        batch.Add(new DigestEvent(new DateTimeOffset(2024, 5, 1, 16, 0, 5, TimeSpan.Zero), DigestLevel.Error, "b", "b"));

        var text = Format(batch).Message.Text;

        Assert.Contains("2024-05-01 23:59:30 +08:00 – 2024-05-01 16:00:05 +00:00", text, StringComparison.Ordinal);
        Assert.Contains("#### <font color=#E53935>ERROR</font> · b\n\n2024-05-01 16:00:05 +00:00", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_batch_fits_the_limit_keeps_the_worst_group_with_an_example_and_says_what_is_missing()
    {
        var batch = new DigestBatch<DigestEvent>();
        var huge = string.Concat(Enumerable.Repeat("数据库连接失败😱 ", 100_000));
        var deep = new FakeException(huge, huge + "\n" + huge, new FakeException(huge, huge));
        for (var g = 0; g < 100; g++)
        {
            for (var i = 0; i < 10; i++)
            {
                batch.Add(Event(g + i, g == 57 ? DigestLevel.Fatal : DigestLevel.Error, "模板 " + g + " " + huge.Substring(0, 500), huge, huge, deep, ("键", huge), ("Key2", huge)));
            }
        }

        var settings = Settings(s => s.Keyword = "告警");
        var digest = Format(batch, settings);

        DigestInvariants.Check(digest, settings, 1000, DigestLevel.Fatal);
        Assert.False(digest.IsFallback);
        Assert.True(digest.BodyBytes > 15_000, $"only {digest.BodyBytes} bytes used");
        Assert.StartsWith("#### <font color=#B71C1C>FATAL</font> ×10 · 模板 57", digest.Message.Text.Split("\n\n")[2], StringComparison.Ordinal);
        Assert.True(digest.EventsShown >= 1);
        Assert.Contains("more messages not shown", digest.Message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_keyword_and_mentions_survive_a_tiny_limit()
    {
        var batch = new DigestBatch<DigestEvent>();
        for (var i = 0; i < 500; i++)
        {
            batch.Add(Event(i, DigestLevel.Error, "Template " + (i % 50), new string('x', 5000), exception: new FakeException(new string('y', 5000), HttpTrace)));
        }

        var settings = Settings(s =>
        {
            s.Keyword = "alert";
            s.MaxBodyBytes = 1500;
        });
        var digest = Format(batch, settings);

        DigestInvariants.Check(digest, settings, 500, DigestLevel.Error);
        Assert.False(digest.IsFallback);
        Assert.EndsWith("— alert\n\n@13800000000 @zhangsan", digest.Message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_front_end_list_that_throws_costs_its_example_the_rendering_not_the_digest()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(new DigestEvent(Start, DigestLevel.Error, "Boom", "Boom {x}") { Properties = new ThrowingList() });
        batch.AddDropped(2, DropReason.QueueFull);

        var settings = Settings(s => s.Keyword = "alert");
        var digest = Format(batch, settings);

        Assert.False(digest.IsFallback);
        Assert.Equal("[ERROR] OrderService: 1 error", digest.Message.Title);
        Assert.Contains("**1 error**", digest.Message.Text, StringComparison.Ordinal);
        Assert.Contains("An event could not be rendered (InvalidOperationException).", digest.Message.Text, StringComparison.Ordinal);
        Assert.Contains("… 2 events dropped: queue full", digest.Message.Text, StringComparison.Ordinal);
        DigestInvariants.Check(digest, settings, 1, DigestLevel.Error);
    }

    [Fact]
    public void Properties_that_fill_template_holes_are_not_repeated()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Error, "Order {OrderId} failed for {@Customer} after {Elapsed:0.0} ms", "Order 1 failed for c after 1.5 ms", properties: new[] { ("OrderId", "1"), ("Customer", "c"), ("Elapsed", "1.5"), ("TraceId", "abc"), ("Order", "not a hole") }));

        var text = Format(batch).Message.Text;

        Assert.Contains("  TraceId = abc · Order = not a hole\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OrderId =", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_include_properties_no_properties_are_shown()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Error, "Boom", "Boom!", properties: ("TraceId", "abc")));

        Assert.DoesNotContain("TraceId", Format(batch, Settings(s => s.IncludeProperties = false)).Message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_events_shown_bounds_the_examples()
    {
        var batch = new DigestBatch<DigestEvent>();
        for (var i = 0; i < 300; i++)
        {
            batch.Add(Event(i, DigestLevel.Error, "Template " + (i % 30), "Message " + i));
        }

        var settings = Settings(s => s.MaxEventsShown = 5);
        var digest = Format(batch, settings);

        Assert.Equal(5, digest.EventsShown);
        Assert.Equal(295, digest.EventsNotShown);
        DigestInvariants.Check(digest, settings, 300, DigestLevel.Error);
    }

    [Fact]
    public void Settings_from_options_snapshot_the_lists_and_pick_the_first_keyword()
    {
        var options = new DingTalkDigestOptions
        {
            Title = "  ",
            Keywords = new List<string> { "", "  ", "告警", "alert" },
            AtMobiles = new List<string> { "13800000000", " ", null! },
            AtUserIds = new List<string> { " zhangsan " },
            MentionLevel = DigestLevel.Fatal,
            MaxEventsShown = 7,
            IncludeProperties = false,
        };

        var settings = DigestFormatterSettings.FromOptions(options, "Production", " ", "OrderService.Api");
        options.AtMobiles.Add("13900000000");

        Assert.Equal("OrderService.Api", settings.App);
        Assert.Equal("Production", settings.Environment);
        Assert.Null(settings.Host);
        Assert.Equal("告警", settings.Keyword);
        Assert.Equal(new[] { "13800000000" }, settings.AtMobiles);
        Assert.Equal(new[] { "zhangsan" }, settings.AtUserIds);
        Assert.Equal(DigestLevel.Fatal, settings.MentionLevel);
        Assert.Equal(7, settings.MaxEventsShown);
        Assert.False(settings.IncludeProperties);
        Assert.Equal(20_000, settings.MaxBodyBytes);
    }

    [Fact]
    public void Null_batch_and_sloppy_settings_still_give_a_digest()
    {
        var settings = new DigestFormatterSettings { App = null!, AtMobiles = new[] { "", " ", null!, " 13800000000 " }, AtUserIds = null! };
        var formatter = new MarkdownDigestFormatter(settings);

        var empty = formatter.Format(null!, MsgUuid);
        Assert.False(empty.IsFallback);
        Assert.Equal("### Application\n\n**No new events**", empty.Message.Text);

        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Error, "x"));
        var digest = Format(formatter, batch);

        Assert.EndsWith("\n\n@13800000000", digest.Message.Text, StringComparison.Ordinal);
        Assert.Equal(new[] { "13800000000" }, digest.Message.At!.AtMobiles);
        Assert.Empty(digest.Message.At.AtUserIds);
    }

    private sealed class ThrowingList : IReadOnlyList<KeyValuePair<string, string>>
    {
        public int Count => throw new InvalidOperationException("broken front end");

        public KeyValuePair<string, string> this[int index] => throw new InvalidOperationException("broken front end");

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => throw new InvalidOperationException("broken front end");

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
