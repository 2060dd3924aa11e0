using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging.Tests;

/// <summary>
/// A call the full queue refuses: the logger looks at the queue before it builds the event, so the refused call builds
/// nothing (no event, no scopes, no timestamp), and it is still counted in its template's group.
/// </summary>
public sealed class DropPathTests
{
    private const string Template = "Timeout calling {Service}";

    private static readonly Action<ILogger, string, Exception?> TimeoutCalling =
        LoggerMessage.Define<string>(LogLevel.Error, new EventId(1, "TimeoutCalling"), Template);

    [Fact]
    public async Task A_refused_call_builds_no_event_and_is_counted_in_its_templates_group()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var clock = new HeldLoopClock();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddDingTalk(o =>
            {
                o.WebhookUrl = robot.WebhookUrl;
                o.QueueLimit = 100;
                o.TimeProvider = clock;
            }))
            .BuildServiceProvider();
        try
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Payments");
            for (var i = 0; i < 200; i++)
            {
                TimeoutCalling(logger, "payments", null);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++)
            {
                TimeoutCalling(logger, "payments", null);
            }

            // Nothing: the format string is read from the state struct without boxing it (that box was 32 B a call),
            // and an event built and then refused would add a hundred bytes or more per call.
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated == 0, $"{allocated / 1_000.0} B allocated per refused call");
        }
        finally
        {
            clock.Open();
            await services.DisposeAsync();
        }

        var digests = robot.Messages;
        Assert.Equal(1_200, digests.Sum(m => DigestText.GroupCount(m.Text, Template)));
        Assert.Equal(0, digests.Sum(DigestText.DroppedCount));
        Assert.Equal(1_100, digests.Sum(m => DigestText.UncollectedCount(m.Text)));
    }

    [Fact]
    public async Task A_refused_LogError_call_allocates_nothing_and_is_counted_in_its_templates_group()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var clock = new HeldLoopClock();
        var services = FullQueueLogging(robot, clock);
        try
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Payments");

            // LogError(template, args) allocates its argument array before any provider sees the call: the same call
            // is replayed with the state it built (MEL's FormattedLogValues struct), so only the provider's cost is left.
            var logError = StateReplay.Capture(l => l.LogError(Template, "payments"));
            for (var i = 0; i < 200; i++)
            {
                logError(logger);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++)
            {
                logError(logger);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated == 0, $"{allocated / 1_000.0} B allocated per refused call");
        }
        finally
        {
            clock.Open();
            await services.DisposeAsync();
        }

        var digests = robot.Messages;
        Assert.Equal(1_200, digests.Sum(m => DigestText.GroupCount(m.Text, Template)));
        Assert.Equal(0, digests.Sum(DigestText.DroppedCount));
        Assert.Equal(1_100, digests.Sum(m => DigestText.UncollectedCount(m.Text)));
    }

    [Fact]
    public async Task A_refused_call_whose_state_is_not_a_list_is_counted_per_level()
    {
        var digests = await LogWithTheLoopHeld(
            150, logger => logger.Log(LogLevel.Error, default, new NotAList(1), null, static (s, _) => "Not a list"));

        // No format string to count the refused ones under: they are counted per level, as "dropped".
        Assert.Equal(100, digests.Sum(m => DigestText.GroupCount(m.Text, "Not a list")));
        Assert.Equal(50, digests.Sum(DigestText.DroppedCount));
    }

    [Fact]
    public async Task A_call_whose_state_list_throws_is_still_queued_or_counted()
    {
        var digests = await LogWithTheLoopHeld(
            150, logger => logger.Log(LogLevel.Error, default, new ThrowingList(), null, static (_, _) => "A list that throws"));

        // Neither path can read the list: the queued calls are captured from their formatted message (their group is
        // named by it), the refused ones are counted per level. None is lost, none throws.
        Assert.Equal(100, digests.Sum(m => DigestText.GroupCount(m.Text, "A list that throws")));
        Assert.Equal(50, digests.Sum(DigestText.DroppedCount));
    }

    // Logs `calls` times while the loop is held, into a queue of 100, then lets the loop go and stops: the digests.
    private static async Task<IReadOnlyList<ReceivedMessage>> LogWithTheLoopHeld(int calls, Action<ILogger> log)
    {
        await using var robot = await RobotEmulator.StartAsync();
        var clock = new HeldLoopClock();
        var services = FullQueueLogging(robot, clock);
        try
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Payments");
            for (var i = 0; i < calls; i++)
            {
                log(logger);
            }
        }
        finally
        {
            clock.Open();
            await services.DisposeAsync();
        }

        return robot.Messages.ToArray();
    }

    private static ServiceProvider FullQueueLogging(RobotEmulator robot, HeldLoopClock clock)
        => new ServiceCollection()
            .AddLogging(b => b.AddDingTalk(o =>
            {
                o.WebhookUrl = robot.WebhookUrl;
                o.QueueLimit = 100;
                o.TimeProvider = clock;
            }))
            .BuildServiceProvider();

    private readonly record struct NotAList(int Value);

    // A state whose list of values throws on every read: a bug in the caller's code must not cost an event.
    private sealed class ThrowingList : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => throw new InvalidOperationException("broken state");

        public KeyValuePair<string, object?> this[int index] => throw new InvalidOperationException("broken state");

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => throw new InvalidOperationException("broken state");

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// The system's clock, except that the monotonic clock holds every thread but the one that created it (the test's)
    /// until <see cref="Open"/>: the digest loop stops at its first look at the time, before it takes anything from
    /// the queue. The logger reads only the wall clock.
    /// </summary>
    private sealed class HeldLoopClock : TimeProvider
    {
        private readonly int _testThread = Environment.CurrentManagedThreadId;
        private readonly ManualResetEventSlim _open = new();

        public void Open() => _open.Set();

        public override long GetTimestamp()
        {
            if (Environment.CurrentManagedThreadId != _testThread)
            {
                // Bounded, so that a test that fails before opening it does not hang the run.
                _open.Wait(TimeSpan.FromSeconds(30));
            }

            return base.GetTimestamp();
        }
    }
}
