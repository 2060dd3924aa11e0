using System.Text;
using DingTalk.Robot.Digest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Markdown.Text;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Tests.Markdown;

/// <summary>
/// Whatever the events hold — any Unicode, lone surrogates, NUL, megabyte strings, hostile markdown, exceptions whose
/// Message and StackTrace throw, thousand-deep chains — the digest is valid JSON within the limit, its counts add
/// up, nothing from an event becomes markup or a mention, and the keyword and mentions are there when they should be.
/// </summary>
public sealed class DigestPropertyTests
{
    [Property(MaxTest = 120, Arbitrary = new[] { typeof(DigestGenerators) })]
    public void Any_batch_formats_to_a_valid_digest_within_the_limit(DigestCase c)
    {
        var batch = c.ToBatch(out var events, out var maxLevel);
        var settings = c.ToSettings();

        var digest = Scenario.Format(batch, settings);

        Assert.False(digest.IsFallback, "the main path failed and the fallback was used");
        DigestInvariants.Check(digest, settings, events, maxLevel);
        Assert.Equal(c.Dropped, digest.Dropped);

        // The same digest sent again carries the re-sent mark, within the same limit.
        DigestInvariants.Check(digest.WithResentMark(), settings, events, maxLevel);

        // The digest of the counts alone holds for any batch too, and accounts for every event the same way.
        var countsOnly = new MarkdownDigestFormatter(settings).FormatCountsOnly(batch.Summarize(), Scenario.MsgUuid, "could not be rendered");
        DigestInvariants.Check(countsOnly, settings, events, maxLevel);
        Assert.Equal(events, DigestInvariants.AccountedEvents(countsOnly.Message.Text));
    }

    [Property(MaxTest = 40, Arbitrary = new[] { typeof(DigestGenerators) })]
    public void A_formatter_can_be_reused_and_gives_the_same_digest(DigestCase c)
    {
        var settings = c.ToSettings();
        var formatter = new MarkdownDigestFormatter(settings);
        var first = Scenario.Format(formatter, c.ToBatch(out _, out _));
        var second = Scenario.Format(formatter, c.ToBatch(out _, out _));

        Assert.Equal(first.Message.Title, second.Message.Title);
        Assert.Equal(first.Message.Text, second.Message.Text);
        Assert.Equal(first.BodyBytes, second.BodyBytes);
    }

    [Fact]
    public void Escaped_text_never_holds_markup_controls_or_lone_surrogates()
    {
        var gen = DigestGenerators.Text.Zip(Gen.Choose(1, 400)).Zip(Gen.Elements(true, false));
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var ((text, max), lineStart) = input;
            var sb = new StringBuilder();
            var estimate = MarkdownEscaper.AppendInline(sb, text, max, lineStart);
            var escaped = sb.ToString();

            Assert.True(escaped.Length <= max, $"{escaped.Length} > {max}");
            Assert.Equal(JsonByteCost.Of(escaped), estimate);
            Assert.True(estimate >= Text.MarkdownEscaperTests.JsonTextBytes(escaped));
            // Only the .NET names the escaper keeps as they are may hold markup characters, and none of them forms markup.
            foreach (var c in DigestInvariants.WithoutKeptNames(escaped))
            {
                Assert.False("#*_>[]`~|@\\&\r\n\t\0".Contains(c, StringComparison.Ordinal), $"'{c}' in {escaped}");
                Assert.False(char.IsControl(c), $"control U+{(int)c:X4}");
            }

            Assert.DoesNotMatch(@"<([A-Za-z/!?]|$)", DigestInvariants.WithoutKeptNames(escaped));
            Assert.False(escaped.StartsWith(' ') || escaped.EndsWith(' '), "untrimmed");
            Assert.DoesNotContain("://", escaped, StringComparison.Ordinal);
            if (lineStart)
            {
                Assert.False(escaped.StartsWith('-') || escaped.StartsWith('+') || escaped.StartsWith('='));
            }

            for (var i = 0; i < escaped.Length; i++)
            {
                if (char.IsHighSurrogate(escaped[i]))
                {
                    Assert.True(i + 1 < escaped.Length && char.IsLowSurrogate(escaped[i + 1]));
                    i++;
                }
                else
                {
                    Assert.False(char.IsLowSurrogate(escaped[i]));
                }
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Batch_counts_are_exact_whatever_the_limits()
    {
        var gen = Gen.Choose(1, 5).Zip(Gen.Choose(0, 5).Zip(Gen.Choose(0, 30)).ArrayOf());
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (maxGroups, events) = input;
            var batch = new DigestBatch<DigestEvent>(new DigestBatchLimits { MaxGroups = maxGroups, ExamplesPerGroup = 2 });
            var perLevel = new long[6];
            foreach (var (level, template) in events)
            {
                batch.Add(new DigestEvent(Scenario.Start, (DigestLevel)level, "T" + template, "m"));
                perLevel[level]++;
            }

            long grouped = 0;
            foreach (var g in batch.Groups)
            {
                grouped += g.Count;
                Assert.True(g.ExampleCount <= 2);
            }

            Assert.True(batch.Groups.Count <= maxGroups);
            Assert.Equal(events.Length, batch.EventCount);
            Assert.Equal(batch.EventCount, grouped + batch.OtherCount);
            for (var l = 0; l < 6; l++)
            {
                Assert.Equal(perLevel[l], batch.CountOf((DigestLevel)l));
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
