using System.Collections.Concurrent;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Fleet;

namespace DingTalk.Robot.Tests.Engine.Support;

/// <summary>
/// A robot for the digest loop's tests, with no HTTP: it answers each send with the next scripted result (success
/// when the script is empty), records what was sent and when (on the test's clock), and says how long the budget asks
/// to wait. A send can be held in flight until the test releases it.
/// </summary>
internal sealed class ScriptedSender : IDigestSender, IFleetCoordination
{
    private readonly TimeProvider _clock;
    private readonly ConcurrentQueue<Func<DingTalkSendResult>> _script = new();
    private readonly ConcurrentQueue<SentDigest> _sent = new();
    private TaskCompletionSource<DingTalkSendResult>? _held;
    private TaskCompletionSource<bool>? _started;
    private TaskCompletionSource<DingTalkSendResult>? _releasing;

    public ScriptedSender(TimeProvider clock) => _clock = clock;

    /// <summary>Every attempt, in order, accepted or not.</summary>
    public IReadOnlyList<SentDigest> Sent => _sent.ToArray();

    /// <summary>Answers every attempt when set (the script is used otherwise).</summary>
    public Func<DingTalkSendResult>? Answer { get; set; }

    /// <summary>The robot's name in metrics.</summary>
    public string RobotName { get; set; } = "scripted";

    /// <summary>Fleet mode: whether the budget is kept with the fleet now (false: on the local share, Redis away).</summary>
    public bool IsCoordinated { get; set; } = true;

    /// <summary>What <see cref="WaitBeforeNextSend"/> answers (zero when not set).</summary>
    public Func<TimeSpan>? Budget { get; set; }

    /// <summary>The next attempts fail with these results, in order.</summary>
    public void Then(params Func<DingTalkSendResult>[] results)
    {
        foreach (var result in results)
        {
            _script.Enqueue(result);
        }
    }

    /// <summary>The next attempt stays in flight until <see cref="Release"/>; the task completes when it starts.</summary>
    public Task HoldNext()
    {
        _started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _releasing = new TaskCompletionSource<DingTalkSendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _held = _releasing;
        return _started.Task;
    }

    public void Release(DingTalkSendResult result) => _releasing!.TrySetResult(result);

    public Task<DingTalkSendResult> SendAsync(MarkdownMessage message, CancellationToken cancellationToken)
    {
        _sent.Enqueue(new SentDigest(message, _clock.GetUtcNow(), _clock.GetTimestamp()));
        if (Interlocked.Exchange(ref _held, null) is { } held)
        {
            _started!.TrySetResult(true);
            return held.Task.WaitAsync(cancellationToken);
        }

        if (Answer is { } answer)
        {
            return Task.FromResult(answer());
        }

        return Task.FromResult(_script.TryDequeue(out var next) ? next() : Results.Accepted());
    }

    public TimeSpan WaitBeforeNextSend() => Budget?.Invoke() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;

    public string Redact(string text) => text;

    public void Dispose()
    {
    }

    /// <summary>The results a robot gives.</summary>
    public static class Results
    {
        public static DingTalkSendResult Accepted() => new(DingTalkFailureKind.None, 0, "ok", 1, 200);

        public static DingTalkSendResult Refused() => new(DingTalkFailureKind.Transient, null, "Connection refused", 1, null);

        public static DingTalkSendResult NoAnswer() => new(DingTalkFailureKind.Transient, null, "no answer within the per-attempt timeout of 10 s", 1, null, mayHaveBeenDelivered: true);

        public static DingTalkSendResult Throttled() => new(DingTalkFailureKind.Throttled, 130101, "send too fast", 1, 200);

        public static DingTalkSendResult WrongKeyword() => new(DingTalkFailureKind.Permanent, 310000, "keywords not in content", 1, 200);
    }
}

/// <summary>One attempt: the message, and when it was made (wall clock and timestamp of the test's clock).</summary>
internal sealed record SentDigest(MarkdownMessage Message, DateTimeOffset At, long Timestamp)
{
    private static readonly System.Text.RegularExpressions.Regex Number = new(@"\d[\d,]*");

    public string Text => Message.Text;

    /// <summary>The events a digest holds: the sum of the numbers on its bold count line.</summary>
    public static int EventCount(string text)
        => text.Split('\n').FirstOrDefault(l => l.StartsWith("**", StringComparison.Ordinal)) is { } line
            ? Number.Matches(line).Sum(m => int.Parse(m.Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture))
            : 0;
}
