using System.Collections;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging.Tests.Reliability;

/// <summary>
/// Whatever the application logs through <c>ILogger</c> — any Unicode, lone surrogates, NUL, megabyte messages and
/// templates, thousand-deep exceptions, state, values and scopes whose ToString throws or that contain themselves,
/// formatters that throw — the logging call does not throw, and every digest reaches the robot valid, within the
/// limit, with every event counted and nothing turned into markup or a mention. Through the whole provider.
/// </summary>
public sealed class MelHostileInputTests
{
    private static readonly string[] MentionTokens = ["@13800000000", "@oncall01"];

    /// <summary>One logging call (indices into <see cref="Hostile"/>); printed without its megabytes.</summary>
    public sealed record Entry(int Level, string Text, int ExceptionKind, int ValueKind, int ScopeKind, bool FormatterThrows)
    {
        public override string ToString()
            => $"Entry(level {Level}, text {Hostile.Describe(Text)}, exception {ExceptionKind}, value {ValueKind}, scope {ScopeKind}, formatter throws {FormatterThrows})";
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
        from scope in Gen.Choose(0, Hostile.ValueKinds - 1)
        from formatterThrows in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new Entry(level, text, exception, value, scope, formatterThrows);

    private static Gen<Entry[]> Batch { get; } = Gen.Choose(1, 6).SelectMany(n => EntryGen.ArrayOf(n));

    [Fact]
    public async Task Any_input_through_the_provider_gives_accepted_safe_digests_that_count_every_event()
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
        var calls = new SlowestCall();
        var factory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Trace)
            .AddDingTalk(o =>
            {
                o.WebhookUrl = robot.WebhookUrl;
                o.Keywords = ["告警"];
                o.AtMobiles = ["13800000000"];
                o.AtUserIds = ["oncall01"];
                o.MessagesPerMinute = 1_000;
                o.BufferingTimeLimit = TimeSpan.FromMinutes(10);
            })
            .AddFilter<DingTalkLoggerProvider>(null, LogLevel.Trace));
        await using (factory as IAsyncDisposable ?? new DisposeAdapter(factory))
        {
            foreach (var entry in entries)
            {
                var logger = factory.CreateLogger(entry.Text.Length > 200 ? entry.Text.Substring(0, 200) : entry.Text);
                var exception = Hostile.Exception(entry.ExceptionKind, entry.Text);
                var state = new HostileState(entry.Text, Hostile.Value(entry.ValueKind, entry.Text));
                Func<HostileState, Exception?, string> formatter = entry.FormatterThrows
                    ? (_, _) => throw new FormatException("formatter is broken")
                    : (s, _) => s.Text;
                calls.Time(() =>
                {
                    using (logger.BeginScope(Hostile.Value(entry.ScopeKind, entry.Text) ?? "no scope"))
                    {
                        logger.Log((LogLevel)entry.Level, new EventId(entry.Level, entry.Text), state, exception, formatter);
                    }
                });
            }
        }

        Assert.Null(calls.Thrown);
        var digests = robot.Messages.Skip(before).ToList();
        DigestChecks.AssertAllAccepted(robot);
        Assert.NotEmpty(digests);
        Assert.Equal(entries.Length, Ledger.Accounted(digests));
        Assert.Equal(0, Ledger.Dropped(digests) + Ledger.Undelivered(digests));
        foreach (var digest in digests)
        {
            DigestChecks.AssertSafe(digest, MentionTokens);
        }

        if (entries.Any(e => e.Level >= (int)LogLevel.Error))
        {
            Assert.Contains(digests, d => d.AtMobiles.Contains("13800000000") && d.AtUserIds.Contains("oncall01"));
        }
    }

    /// <summary>Structured state whose template is the hostile text itself, with a hostile value.</summary>
    private sealed class HostileState(string text, object? value) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Text => text;

        public int Count => 3;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("Text", text),
            1 => new("Value", value),
            _ => new("{OriginalFormat}", text),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => throw new InvalidOperationException("the state's ToString is broken");
    }

    private sealed class DisposeAdapter(IDisposable disposable) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            disposable.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
