using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;
using FsCheck;
using FsCheck.Fluent;
using Serilog.Events;

namespace Serilog.Sinks.DingTalk.Tests.Reliability;

/// <summary>
/// Whatever the application logs through Serilog — any Unicode, lone surrogates, NUL, megabyte messages, thousand-deep
/// exceptions, members that throw, self-referencing objects destructured with <c>{@Value}</c>, the text as the
/// template itself — the logging call does not throw, and every digest reaches the robot valid, within the limit,
/// with every event counted and nothing turned into markup or a mention. Through the whole sink, not the formatter.
/// </summary>
public sealed class SerilogHostileInputTests
{
    private static readonly string[] MentionTokens = ["@13800000000", "@oncall01"];

    /// <summary>One logging call: which level, text, exception and property value (indices into <see cref="Hostile"/>).</summary>
    public sealed record Entry(int Level, string Text, int ExceptionKind, int ValueKind, bool TextIsTemplate)
    {
        // A failing case must print readably: never a megabyte of text.
        public override string ToString() => $"Entry(level {Level}, text {Hostile.Describe(Text)}, exception {ExceptionKind}, value {ValueKind}, as template {TextIsTemplate})";
    }

    private static Gen<string> Text { get; } = Gen.Frequency(
        (4, Gen.Choose(0, 0xFFFF).Select(i => (char)i).ArrayOf().Select(chars => new string(chars))),
        (5, Gen.Elements(Hostile.Snippets).ArrayOf().Select(string.Concat)),
        (1, Gen.Elements(Hostile.Huge)));

    private static Gen<Entry> EntryGen { get; } =
        from level in Gen.Choose(0, 5)
        from text in Text
        from exception in Gen.Choose(0, Hostile.ExceptionKinds - 1)
        from value in Gen.Choose(0, Hostile.ValueKinds - 1)
        from asTemplate in Gen.Elements(true, false)
        select new Entry(level, text, exception, value, asTemplate);

    private static Gen<Entry[]> Batch { get; } = Gen.Choose(1, 6).SelectMany(n => EntryGen.ArrayOf(n));

    [Fact]
    public async Task Any_input_through_the_sink_gives_accepted_safe_digests_that_count_every_event()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Keywords = { "告警" }, MessagesPerMinute = 1_000 });

        // FsCheck runs properties synchronously: on a thread of its own, so that blocking on each case does not
        // starve the thread pool that the other tests' timers run on.
        await Task.Factory.StartNew(
            () => Prop.ForAll(Batch.ToArbitrary(), entries => RunCaseAsync(robot, entries).GetAwaiter().GetResult())
                .Check(Config.QuickThrowOnFailure.WithMaxTest(40)),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private static async Task RunCaseAsync(RobotEmulator robot, Entry[] entries)
    {
        var before = robot.Messages.Count;

        var sink = new DingTalkSink(new DingTalkSinkOptions
        {
            WebhookUrl = robot.WebhookUrl,
            Keywords = ["告警"],
            AtMobiles = ["13800000000"],
            AtUserIds = ["oncall01"],
            MessagesPerMinute = 1_000,
            BufferingTimeLimit = TimeSpan.FromMinutes(10),
        });
        var calls = new SlowestCall();
        // Serilog catches what a sink throws (and AuditTo would rethrow Serilog's own capture errors too): the
        // recorder sees what our Emit throws before Serilog does.
        var recorder = new ThrowRecorder(sink);
        using (var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(recorder).CreateLogger())
        {
            foreach (var entry in entries)
            {
                var exception = Hostile.Exception(entry.ExceptionKind, entry.Text);
                var value = Hostile.Value(entry.ValueKind, entry.Text);
                calls.Time(() =>
                {
                    if (entry.TextIsTemplate)
                    {
                        logger.Write((LogEventLevel)entry.Level, exception, entry.Text, value);
                    }
                    else
                    {
                        logger.Write((LogEventLevel)entry.Level, exception, "Value {@Value} and {Text} and {Plain}", value, entry.Text, value);
                    }
                });
            }
        }

        await sink.DisposeAsync();
        Assert.Null(calls.Thrown);
        Assert.Null(recorder.Thrown);

        var digests = robot.Messages.Skip(before).ToList();
        DigestChecks.AssertAllAccepted(robot);
        Assert.NotEmpty(digests);
        Assert.Equal(entries.Length, Ledger.Accounted(digests));
        Assert.Equal(0, Ledger.Dropped(digests) + Ledger.Undelivered(digests));
        foreach (var digest in digests)
        {
            DigestChecks.AssertSafe(digest, MentionTokens);
        }

        if (entries.Any(e => e.Level >= (int)LogEventLevel.Error))
        {
            Assert.Contains(digests, d => d.AtMobiles.Contains("13800000000") && d.AtUserIds.Contains("oncall01"));
        }
    }

    private sealed class ThrowRecorder(DingTalkSink sink) : Serilog.Core.ILogEventSink
    {
        public Exception? Thrown { get; private set; }

        public void Emit(LogEvent logEvent)
        {
            try
            {
                sink.Emit(logEvent);
            }
            catch (Exception ex)
            {
                Thrown ??= ex;
                throw;
            }
        }
    }
}
