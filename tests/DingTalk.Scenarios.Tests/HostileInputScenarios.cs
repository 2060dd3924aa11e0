using DingTalk.Robot.Digest;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared.FrontEnds;
using DingTalk.Testing.Shared.Reliability;
using FsCheck;
using FsCheck.Fluent;

namespace DingTalk.Scenarios.Tests;

/// <summary>
/// Whatever the application logs — any Unicode, lone surrogates, NUL, megabyte messages and templates, thousand-deep
/// exceptions, members and formatters that throw, self-referencing objects (destructured with <c>{@Value}</c>, or in
/// state and scopes) — the logging call does not throw, and every digest reaches the robot valid, within the limit,
/// with every event counted and nothing turned into markup or a mention. Through the whole front end, not the formatter.
/// </summary>
public sealed class HostileInputScenarios
{
    private static readonly string[] MentionTokens = ["@13800000000", "@oncall01"];

    private static Gen<string> Text { get; } = Gen.Frequency(
        (4, Gen.Choose(0, 0xFFFF).Select(i => (char)i).ArrayOf().Select(chars => new string(chars))),
        (5, Gen.Elements(Hostile.Snippets).ArrayOf().Select(string.Concat)),
        (1, Gen.Elements(Hostile.Huge)));

    private static Gen<HostileCall> Call { get; } =
        from level in Gen.Choose(0, 5)
        from text in Text
        from exception in Gen.Choose(0, Hostile.ExceptionKinds - 1)
        from value in Gen.Choose(0, Hostile.ValueKinds - 1)
        from scope in Gen.Choose(0, Hostile.ValueKinds - 1)
        from asTemplate in Gen.Elements(true, false)
        from formatterThrows in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new HostileCall(level, text, exception, value, scope, asTemplate, formatterThrows);

    private static Gen<HostileCall[]> Batch { get; } = Gen.Choose(1, 6).SelectMany(n => Call.ArrayOf(n));

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task Any_input_gives_accepted_safe_digests_that_count_every_event(FrontEnd frontEnd)
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Keywords = { "告警" }, MessagesPerMinute = 1_000 });

        // FsCheck runs properties synchronously: on a thread of its own, so that blocking on each case does not
        // starve the thread pool that the front end's timers run on.
        await Task.Factory.StartNew(
            () => Prop.ForAll(Batch.ToArbitrary(), calls => RunCaseAsync(frontEnd.Adapter(), robot, calls).GetAwaiter().GetResult())
                .Check(Config.QuickThrowOnFailure.WithMaxTest(40)),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private static async Task RunCaseAsync(IFrontEnd frontEnd, RobotEmulator robot, HostileCall[] calls)
    {
        var before = robot.Messages.Count;
        var timed = new SlowestCall();
        await using (var app = await frontEnd.StartAsync(new FrontEndOptions(robot.WebhookUrl)
        {
            // Rendering megabytes and thousand-deep exceptions on a machine other test runs share can take seconds:
            // the stop waits as long as it needs (this property is about what arrives, not about when).
            ShutdownTimeout = TimeSpan.FromMinutes(2),
            Configure = o =>
            {
                o.Keywords = ["告警"];
                o.AtMobiles = ["13800000000"];
                o.AtUserIds = ["oncall01"];
                o.MessagesPerMinute = 1_000;
                o.BufferingTimeLimit = TimeSpan.FromMinutes(10);
            },
        }))
        {
            foreach (var call in calls)
            {
                timed.Time(() => app.LogHostile(call));
            }

            await app.StopAsync();
            await app.DisposeLoggingAsync();
            Assert.Null(timed.Thrown);
            Assert.Null(app.SwallowedException);
        }

        var digests = robot.Messages.Skip(before).ToList();
        DigestChecks.AssertAllAccepted(robot);
        Assert.NotEmpty(digests);
        Assert.Equal(calls.Length, Ledger.Accounted(digests));
        Assert.Equal(0, Ledger.Dropped(digests) + Ledger.Undelivered(digests));
        foreach (var digest in digests)
        {
            DigestChecks.AssertSafe(digest, MentionTokens);
        }

        if (calls.Any(c => c.Level >= (int)DigestLevel.Error))
        {
            Assert.Contains(digests, d => d.AtMobiles.Contains("13800000000") && d.AtUserIds.Contains("oncall01"));
        }
    }
}
