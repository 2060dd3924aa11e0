using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Engine;
using Microsoft.Extensions.Time.Testing;

namespace DingTalk.Robot.Tests.Engine.Support;

/// <summary>
/// A digest engine on a fake clock with a scripted robot: the test logs, moves time on, and reads what was sent and
/// said, deterministically. Time moves only from one wake-up of the loop to the next, and only once the loop is idle.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private readonly CountingReader _reader = new();
    private readonly List<DingTalkDiagnostic> _diagnostics = new();
    private long _logged;

    public EngineHarness(
        Action<DingTalkDigestOptions>? configure = null, Func<FakeTimeProvider, TimeProvider>? clock = null, Func<FakeTimeProvider, DingTalk.Robot.Digest.Memory.IFleetAlertLog>? fleet = null,
        DingTalk.Robot.Digest.Relay.IFleetDigestChannel? channel = null)
    {
        Fake = new FakeTimeProvider(Start);
        StartTimestamp = Fake.GetTimestamp();
        Clock = clock?.Invoke(Fake) ?? Fake;
        StallClock = new FakeTimeProvider(Start);
        Sender = new ScriptedSender(Clock);
        Probe = new LoopProbe(Clock);
        Options = new DingTalkDigestOptions
        {
            WebhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=harness",
            Title = "OrderService",
            TimeProvider = Clock,
        };
        configure?.Invoke(Options);
        FleetSender = new ScriptedSender(Clock);
        var seams = new EngineSeams
        {
            Sender = Sender, Observer = Probe, StallClock = StallClock, FleetAlertLog = fleet?.Invoke(Fake), FleetDigestChannel = channel, FleetSender = FleetSender,
        };
        StartedIdle = Probe.Expect(0, () => true, "the loop's start");
        Engine = new DigestEngine<DigestEvent>(Options, _reader, Diagnose, seams);
    }

    public FakeTimeProvider Fake { get; }

    /// <summary>The fake clock's timestamp at the start.</summary>
    public long StartTimestamp { get; }

    /// <summary>The engine's clock (the fake one, or a test's wrapper around it).</summary>
    public TimeProvider Clock { get; }

    /// <summary>The watchdog's and the rendering time box's clock.</summary>
    public FakeTimeProvider StallClock { get; }

    public ScriptedSender Sender { get; }

    /// <summary>The robot of the fleet engine (with a fleet digest channel): what the fleet's digest sends.</summary>
    public ScriptedSender FleetSender { get; }

    public LoopProbe Probe { get; }

    public DingTalkDigestOptions Options { get; }

    public DigestEngine<DigestEvent> Engine { get; }

    public Task StartedIdle { get; }

    /// <summary>Called on the loop's thread for each event it folds (a test can make the reader hang here).</summary>
    public Action<DigestEvent>? OnFold
    {
        get => _reader.OnFold;
        set => _reader.OnFold = value;
    }

    public IReadOnlyList<SentDigest> Sent => Sender.Sent;

    /// <summary>The time since the start, on the fake clock.</summary>
    public TimeSpan Elapsed => Fake.GetUtcNow() - Start;

    public IReadOnlyList<DingTalkDiagnostic> Diagnostics
    {
        get
        {
            lock (_diagnostics)
            {
                return _diagnostics.ToArray();
            }
        }
    }

    /// <summary>The events the sent digests hold, by their bold count line (the same reading as the tests' ledger).</summary>
    public long EventsSent => Sent.Sum(d => (long)SentDigest.EventCount(d.Text));

    public static DigestEvent Error(string template, Exception? exception = null)
        => new(Start, DigestLevel.Error, template, template) { Exception = exception };

    /// <summary>An event stamped with the fake clock's now (the alert memory measures rates on event times).</summary>
    public DigestEvent Now(DigestLevel level, string template, string? fingerprint = null)
        => new(Fake.GetUtcNow(), level, template, template)
        {
            Properties = fingerprint is null ? null : new[] { new KeyValuePair<string, string>("Fingerprint", fingerprint) },
        };

    /// <summary>Logs the events and waits until the loop has folded them and gone idle.</summary>
    public async Task LogAsync(params DigestEvent[] events)
    {
        await StartedIdle;
        var target = Interlocked.Add(ref _logged, events.Length);
        var folded = Probe.Expect(Probe.Idles, () => _reader.Folded >= target && Engine.QueueIsEmpty, $"{target} events folded");
        foreach (var e in events)
        {
            Assert.True(Engine.TryEnqueue(e));
        }

        await folded;
    }

    /// <summary>Logs without waiting (while the loop is busy, or stopped).</summary>
    public bool TryLog(DigestEvent e)
    {
        var queued = Engine.TryEnqueue(e);
        if (queued)
        {
            Interlocked.Increment(ref _logged);
        }

        return queued;
    }

    /// <summary>Moves the fake clock on by <paramref name="total"/>, stopping at every wake-up of the loop until it is idle again.</summary>
    public async Task AdvanceAsync(TimeSpan total)
    {
        await StartedIdle;
        var target = Fake.GetUtcNow() + total;
        while (Fake.GetUtcNow() < target)
        {
            var left = target - Fake.GetUtcNow();
            if (Probe.UntilWake is { } wake && wake <= left)
            {
                var idle = Probe.Expect(Probe.Idles, () => true, $"the wake-up at {Elapsed + wake}");
                Fake.Advance(wake > TimeSpan.Zero ? wake : TimeSpan.Zero);
                await idle;
            }
            else
            {
                Fake.Advance(left);
            }
        }
    }

    /// <summary>Runs the simulation for <paramref name="total"/>, logging <paramref name="next"/> every <paramref name="every"/>.</summary>
    public async Task LogEveryAsync(TimeSpan every, TimeSpan total, Func<int, DigestEvent> next)
    {
        for (var i = 0; i * every < total; i++)
        {
            await LogAsync(next(i));
            await AdvanceAsync(every);
        }
    }

    public async ValueTask DisposeAsync() => await Engine.DisposeAsync();

    private void Diagnose(DingTalkDiagnostic diagnostic)
    {
        lock (_diagnostics)
        {
            _diagnostics.Add(diagnostic);
        }
    }

    // Counts the events the loop folds (it reads every event's timestamp once).
    private sealed class CountingReader : DigestEventReader<DigestEvent>
    {
        private long _folded;

        public long Folded => Interlocked.Read(ref _folded);

        public Action<DigestEvent>? OnFold { get; set; }

        public override DateTimeOffset GetTimestamp(DigestEvent item)
        {
            OnFold?.Invoke(item);
            Interlocked.Increment(ref _folded);
            return item.Timestamp;
        }

        public override DigestLevel GetLevel(DigestEvent item) => item.Level;

        public override string GetMessageTemplate(DigestEvent item) => item.MessageTemplate;

        public override string? GetSource(DigestEvent item) => item.Source;

        public override Exception? GetException(DigestEvent item) => item.Exception;

        public override string? GetUserFingerprint(DigestEvent item)
            => item.Properties?.FirstOrDefault(p => p.Key == "Fingerprint").Value;

        public override DigestEvent ToDigestEvent(DigestEvent item) => item;
    }
}
