using DingTalk.Robot.Digest;
using DingTalk.Robot.Tests.Digest;
using FsCheck;
using FsCheck.Fluent;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown;

namespace DingTalk.Robot.Tests.Markdown;

/// <summary>What kind of exception an event carries in a generated case.</summary>
public enum ExceptionKind
{
    None,
    Plain,
    Hostile,
    Deep,
    Aggregate,
}

/// <summary>A generated event, repeated <see cref="Repeat"/> times. Plain data, so a failing case prints readably.</summary>
public sealed record EventSpec(
    int Level,
    string Template,
    string Message,
    string? Source,
    ExceptionKind Exception,
    string ExceptionText,
    int Depth,
    string[] Properties,
    int Repeat,
    int Seconds,
    int OffsetMinutes);

/// <summary>Generated settings: who is mentioned, the keyword, the limits.</summary>
public sealed record SettingsSpec(
    string App,
    string? Environment,
    string? Host,
    int MentionLevel,
    string[] Mobiles,
    string[] UserIds,
    bool AtAll,
    string? Keyword,
    int MaxEventsShown,
    bool IncludeProperties,
    bool UseColor,
    int MaxBodyBytes);

/// <summary>A generated batch: events, drops, undelivered digests, and the settings to format it with.</summary>
public sealed record DigestCase(EventSpec[] Events, long Dropped, string[] UndeliveredReasons, SettingsSpec Settings)
{
    /// <summary>The batch the case describes.</summary>
    internal DigestBatch<DigestEvent> ToBatch(out long events, out DigestLevel? maxLevel)
    {
        var batch = new DigestBatch<DigestEvent>();
        events = 0;
        maxLevel = null;
        foreach (var spec in Events)
        {
            var exception = DigestGenerators.MakeException(spec);
            for (var i = 0; i < spec.Repeat; i++)
            {
                var e = new DigestEvent(
                    Scenario.Start.ToOffset(TimeSpan.FromMinutes(spec.OffsetMinutes)).AddSeconds(spec.Seconds + i),
                    (DigestLevel)spec.Level,
                    spec.Template,
                    spec.Message)
                {
                    Source = spec.Source,
                    Exception = exception,
                    EventId = spec.Seconds % 3 == 0 ? spec.Seconds : 0,
                    EventName = spec.Seconds % 5 == 0 ? spec.Source : null,
                    Properties = DigestGenerators.MakeProperties(spec.Properties),
                };
                batch.Add(e);
                events++;
                var level = (DigestLevel)DigestLevelText.Index(e.Level);
                maxLevel = maxLevel is null || level > maxLevel ? level : maxLevel;
            }
        }

        batch.AddDropped(Dropped - (Dropped / 3), DropReason.QueueFull);
        batch.AddDropped(Dropped / 3, DropReason.Closing);
        for (var i = 0; i < UndeliveredReasons.Length; i++)
        {
            batch.AddUndelivered(i * 100, UndeliveredReasons[i], outcomeUnknown: i % 2 == 1);
        }

        return batch;
    }

    internal DigestFormatterSettings ToSettings() => new()
    {
        App = Settings.App,
        Environment = Settings.Environment,
        Host = Settings.Host,
        MentionLevel = (DigestLevel)Settings.MentionLevel,
        AtMobiles = Settings.Mobiles,
        AtUserIds = Settings.UserIds,
        AtAll = Settings.AtAll,
        Keyword = Settings.Keyword,
        MaxEventsShown = Settings.MaxEventsShown,
        IncludeProperties = Settings.IncludeProperties,
        UseColor = Settings.UseColor,
        MaxBodyBytes = Settings.MaxBodyBytes,
    };
}

/// <summary>FsCheck generators for digests: any Unicode, hostile markdown, megabyte strings, throwing exceptions.</summary>
public static class DigestGenerators
{
    private static readonly string[] Snippets =
    {
        "#", "# h ", "###### ", "*", "_", "**b**", "__u__", "[a](http://x.example)", "![i](http://y.example/i.png)", "<font color=red>",
        "</font>", "<b>", "`", "```", "~~", "|", "@13800000000", "@all", "@zhangsan", "\n", "\r\n", "\r", "\u2028", "\u2029",
        "\u0085", "\0", "\t", "\u001b[31m", "- ", "+ ", "1. ", "2) ", "> ", "===", "---", "***", "\\", "&#64;", "&amp;",
        "https://evil.example/a", "www.evil.example", "\uD800", "\uDC00", "\uDBFF\uDBFF", "😀", "👨\u200D👩\u200D👧", "🇨🇳",
        "e\u0301", "\u202E", "\uFEFF", "\u00A0", "\u3000", "钉钉告警", "{Service}", "{@Order}", "   ", "x", "订单 2024", "\uFFFF", "\uE000",

        // The .NET names the escaper keeps, and their lookalikes that must stay escaped.
        "Program.<Main>$", "<Main>$", "<<Main>$>b__0_0", "<>c__DisplayClass0_0", "<b>$", "<textarea>$", "<B>d__1", "<a>$",
        "Logger`1", "`1", "String[]", "[]", "[](", "<", "<!", "</", ":/", "://", "RequestPath:/orders/42",
    };

    // Megabyte strings are built once: generating them per case would make the suite slow for nothing.
    private static readonly string[] Huge =
    {
        new string('a', 1_000_000),
        string.Concat(Enumerable.Repeat("# [x](http://e.example) @13800000000\r\n钉钉😀\uD800 ", 30_000)),
        new string('\n', 200_000) + "tail",
        new string(' ', 300_000) + "- after spaces",
        "e" + new string('\u0301', 50_000),
    };

    private static readonly string?[] Keywords = { null, null, "alert", "告警", "#监控", "OrderService", "x-y" };

    public static Arbitrary<DigestCase> DigestCase() => CaseGen.ToArbitrary();

    /// <summary>Any text: arbitrary UTF-16 (lone surrogates and NUL included), hostile snippets, or a huge string.</summary>
    public static Gen<string> Text { get; } = Gen.Frequency(
        (5, Gen.Choose(0, 0xFFFF).Select(i => (char)i).ArrayOf().Select(chars => new string(chars))),
        (5, Gen.Elements(Snippets).ArrayOf().Select(string.Concat)),
        (3, Gen.Elements(Snippets).Zip(Gen.Choose(0x20, 0x7E).Select(i => (char)i).ArrayOf(), (s, chars) => s + new string(chars) + s)),
        (1, Gen.Elements(Huge)));

    private static Gen<EventSpec> EventGen { get; } =
        from level in Gen.Choose(-2, 8)
        from template in Gen.Frequency((3, Gen.Elements("Timeout calling {Service}", "Order {OrderId} failed", "钉钉 {x}", string.Empty)), (2, Text))
        from message in Text
        from source in Gen.Frequency((1, Gen.Constant<string?>(null)), (3, Text.Select(s => (string?)s)))
        from kind in Gen.Elements(ExceptionKind.None, ExceptionKind.None, ExceptionKind.Plain, ExceptionKind.Hostile, ExceptionKind.Deep, ExceptionKind.Aggregate)
        from exceptionText in Text
        from depth in Gen.Frequency((3, Gen.Choose(0, 8)), (1, Gen.Choose(100, 2000)))
        from properties in Text.ArrayOf()
        from repeat in Gen.Frequency((8, Gen.Choose(1, 3)), (1, Gen.Choose(1, 2000)))
        from seconds in Gen.Choose(-100_000, 100_000)
        from offset in Gen.Elements(0, 480, -300, 345)
        select new EventSpec(level, template, message, source, kind, exceptionText, depth, properties, repeat, seconds, offset);

    private static Gen<SettingsSpec> SettingsGen { get; } =
        from app in Gen.Frequency((3, Gen.Constant("OrderService")), (1, Text))
        from environment in Gen.Frequency((2, Gen.Constant<string?>("Production")), (1, Gen.Constant<string?>(null)), (1, Text.Select(s => (string?)s)))
        from host in Gen.Frequency((2, Gen.Constant<string?>("web-01")), (1, Gen.Constant<string?>(null)), (1, Text.Select(s => (string?)s)))
        from mentionLevel in Gen.Choose(0, 5)
        from mobiles in Gen.Elements(Array.Empty<string>(), new[] { "13800000000" }, new[] { "13800000000", "+1-2025550123" })
        from userIds in Gen.Elements(Array.Empty<string>(), new[] { "zhangsan" })
        from atAll in Gen.Elements(false, false, true)
        from keyword in Gen.Elements(Keywords)
        from maxEvents in Gen.Choose(0, 25)
        from includeProperties in Gen.Elements(true, false)
        from useColor in Gen.Elements(true, false)
        from maxBody in Gen.Elements(8_000, 20_000, 20_000)
        select new SettingsSpec(app, environment, host, mentionLevel, mobiles, userIds, atAll, keyword, maxEvents, includeProperties, useColor, maxBody);

    private static Gen<DigestCase> CaseGen { get; } =
        from count in Gen.Choose(0, 25)
        from events in EventGen.ArrayOf(count)
        from dropped in Gen.Frequency((3, Gen.Constant(0L)), (1, Gen.Choose(1, 1_000_000).Select(i => (long)i)))
        from reasonCount in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 6)))
        from reasons in Text.ArrayOf(reasonCount)
        from settings in SettingsGen
        select new DigestCase(events, dropped, reasons, settings);

    internal static Exception? MakeException(EventSpec spec)
    {
        switch (spec.Exception)
        {
            case ExceptionKind.Plain:
                return new FakeException(spec.ExceptionText, spec.Message);
            case ExceptionKind.Hostile:
                return new HostileException(new FakeException(spec.ExceptionText, spec.ExceptionText));
            case ExceptionKind.Deep:
                Exception chain = new FakeException(spec.ExceptionText, spec.ExceptionText);
                for (var i = 0; i < spec.Depth; i++)
                {
                    chain = i % 7 == 3 ? new HostileException(chain) : new FakeException(spec.ExceptionText, null, chain);
                }

                return chain;
            case ExceptionKind.Aggregate:
                return new AggregateException(new FakeException(spec.ExceptionText, spec.Message), new HostileException(), new InvalidOperationException());
            default:
                return null;
        }
    }

    internal static IReadOnlyList<KeyValuePair<string, string>>? MakeProperties(string[] texts)
    {
        if (texts.Length == 0)
        {
            return null;
        }

        var list = new List<KeyValuePair<string, string>>();
        for (var i = 0; i + 1 < texts.Length; i += 2)
        {
            list.Add(new KeyValuePair<string, string>(texts[i], texts[i + 1]));
        }

        list.Add(new KeyValuePair<string, string>(null!, null!));
        return list;
    }
}
