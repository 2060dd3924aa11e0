using DingTalk.Robot.Digest;
using DingTalk.Robot.Testing;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// The digest loop runs on a background thread of its own: never on the application's thread, never on the thread
/// pool (whose workers a frequently woken loop kept spinning), and without the creator's ExecutionContext.
/// </summary>
public sealed class DigestLoopThreadTests
{
    private static readonly AsyncLocal<string?> Ambient = new();

    [Fact]
    public async Task The_loop_runs_on_a_background_thread_of_its_own_without_the_creators_async_locals()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var seen = new TaskCompletionSource<(string? Name, bool IsBackground, bool IsPoolThread, int Id, string? Ambient)>(
            TaskCreationOptions.RunContinuationsAsynchronously);
        Ambient.Value = "the creator's request";
        var engine = new DigestEngine<DigestEvent>(
            new DingTalkDigestOptions { WebhookUrl = robot.WebhookUrl, BufferingTimeLimit = TimeSpan.FromMilliseconds(50) },
            new ThreadRecordingReader(seen),
            diagnostics: null);
        Ambient.Value = null;

        Assert.True(engine.TryEnqueue(new DigestEvent(DateTimeOffset.UtcNow, DigestLevel.Error, "Payment failed", "Payment failed")));
        var (name, isBackground, isPoolThread, id, ambient) = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await engine.DisposeAsync();

        Assert.Equal("DingTalk digest loop", name);
        Assert.True(isBackground, "a foreground thread would keep the process alive");
        Assert.False(isPoolThread);
        Assert.NotEqual(Environment.CurrentManagedThreadId, id);
        Assert.Null(ambient);
        Assert.Single(robot.Messages);
    }

    // Records the thread it is called on: the loop reads every event it folds.
    private sealed class ThreadRecordingReader(TaskCompletionSource<(string? Name, bool IsBackground, bool IsPoolThread, int Id, string? Ambient)> seen)
        : DigestEventReader<DigestEvent>
    {
        public override DateTimeOffset GetTimestamp(DigestEvent item)
        {
            var thread = Thread.CurrentThread;
            seen.TrySetResult((thread.Name, thread.IsBackground, thread.IsThreadPoolThread, thread.ManagedThreadId, Ambient.Value));
            return item.Timestamp;
        }

        public override DigestLevel GetLevel(DigestEvent item) => item.Level;

        public override string GetMessageTemplate(DigestEvent item) => item.MessageTemplate;

        public override DigestEvent ToDigestEvent(DigestEvent item) => item;
    }
}
