using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace DingTalk.Testing.Shared.Reliability;

/// <summary>
/// One fake clock for the front end under test (<c>options.TimeProvider</c>) and the robot emulator
/// (<c>RobotEmulatorOptions.TimeProvider</c>), plus the HTTP handler the front end sends through
/// (<c>options.MessageHandler</c>), which counts requests in flight. Simulated minutes — backoff, the rate limit, the
/// throttle, the retry time limit — then pass in milliseconds of real time.
/// </summary>
/// <remarks>
/// Time only moves while nothing is on the wire: moving it during a request could fire the client's per-attempt
/// timeout (10 s on the same clock) for a request that is merely being served. Between steps the digest loop gets a
/// moment of real time to react to what the previous step made due.
/// </remarks>
internal sealed class SimulatedTime : IDisposable
{
    /// <summary>Where every simulation starts: a fixed instant, so failures read the same from run to run.</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 3, 3, 1, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(30);

    public SimulatedTime(DateTimeOffset? start = null)
    {
        Clock = new FakeTimeProvider(start ?? Epoch);
        RobotClock = new TimerCountingClock(Clock);
        Http = new InFlightHandler();
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>The same clock, for the emulator: it counts the timers that the emulator's Delay faults start.</summary>
    public TimerCountingClock RobotClock { get; }

    public InFlightHandler Http { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Moves the clock on by <paramref name="total"/>, <paramref name="step"/> at a time (1 s by default).</summary>
    public async Task AdvanceAsync(TimeSpan total, TimeSpan? step = null)
    {
        var size = step ?? TimeSpan.FromSeconds(1);
        var target = Now + total;
        while (Now < target)
        {
            await SettleAsync();
            var next = target - Now;
            Clock.Advance(next < size ? next : size);
        }

        await SettleAsync();
    }

    /// <summary>
    /// Moves the clock on, <paramref name="step"/> at a time, until <paramref name="done"/> holds; fails after
    /// <paramref name="limit"/> of simulated time, saying <paramref name="what"/> did not happen.
    /// </summary>
    /// <param name="done">What to wait for.</param>
    /// <param name="limit">The most simulated time to spend.</param>
    /// <param name="what">What is waited for, for the failure message.</param>
    /// <param name="step">The step (1 s by default).</param>
    /// <param name="evenDuringRequests">
    /// Move time on even while a request is in flight: for a robot that holds requests back on this same clock.
    /// </param>
    public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan limit, string what, TimeSpan? step = null, bool evenDuringRequests = false)
    {
        if (!await TryAdvanceUntilAsync(done, limit, step, evenDuringRequests))
        {
            throw new TimeoutException($"After {limit} of simulated time, still not: {what}");
        }
    }

    /// <summary>As <see cref="AdvanceUntilAsync"/>, but returns whether <paramref name="done"/> came to hold instead of throwing.</summary>
    public async Task<bool> TryAdvanceUntilAsync(Func<bool> done, TimeSpan limit, TimeSpan? step = null, bool evenDuringRequests = false)
    {
        var size = step ?? TimeSpan.FromSeconds(1);
        var deadline = Now + limit;
        await SettleAsync(!evenDuringRequests);
        while (!done())
        {
            if (Now >= deadline)
            {
                return false;
            }

            Clock.Advance(size);
            await SettleAsync(!evenDuringRequests);
        }

        return true;
    }

    /// <summary>
    /// Moves the clock on by <paramref name="delta"/> from a thread of its own. A fake clock runs timer callbacks — and
    /// so the digest loop's continuations — on the thread that advances it: use this when the loop is expected to
    /// block (see <see cref="LoopStaller"/>), so that the test's own thread stays free.
    /// </summary>
    /// <returns>The background stepping, which ends once <paramref name="done"/> holds (or after <paramref name="limit"/>).</returns>
    public Task AdvanceInBackgroundUntil(Func<bool> done, TimeSpan limit)
        => Task.Run(async () =>
        {
            var deadline = Now + limit;
            while (!done() && Now < deadline)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(2);
            }
        });

    /// <summary>Lets the digest loop react to the last step, and waits (in real time) until no request is in flight.</summary>
    public async Task SettleAsync(bool waitForRequests = true)
    {
        await Task.Delay(1);
        if (!waitForRequests)
        {
            // Give a request the step made due the time to reach the emulator.
            await Task.Delay(5);
            return;
        }

        var realTime = Stopwatch.StartNew();
        while (Http.InFlight > 0)
        {
            if (realTime.Elapsed > RealTimeLimit)
            {
                throw new TimeoutException("A request stayed in flight for " + RealTimeLimit + " of real time.");
            }

            await Task.Delay(1);
        }
    }

    public void Dispose() => Http.Dispose();
}

/// <summary>
/// The handler a front end sends through in these tests: the network as usual, plus a count of requests in flight
/// and the URL of every request (to compute the signs that were sent).
/// </summary>
internal sealed class InFlightHandler : DelegatingHandler
{
    private readonly List<Uri> _requestUris = new();
    private int _inFlight;

    public InFlightHandler()
        : base(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Every request URL, in the order they were sent (refused connections included).</summary>
    public IReadOnlyList<Uri> RequestUris
    {
        get
        {
            lock (_requestUris)
            {
                return _requestUris.ToArray();
            }
        }
    }

    public int RequestCount
    {
        get
        {
            lock (_requestUris)
            {
                return _requestUris.Count;
            }
        }
    }

    /// <summary>The <c>sign</c> query value of every request, as sent (URL-encoded).</summary>
    public IReadOnlyList<string> Signs
        => RequestUris
            .Select(uri => uri.Query.TrimStart('?').Split('&').FirstOrDefault(p => p.StartsWith("sign=", StringComparison.Ordinal)))
            .Where(p => p is not null)
            .Select(p => p!.Substring("sign=".Length))
            .ToArray();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_requestUris)
        {
            _requestUris.Add(request.RequestUri!);
        }

        Interlocked.Increment(ref _inFlight);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

/// <summary>
/// A clock that delegates to another and counts the timers created on it. Given to the emulator, it tells a test that
/// a request has reached a Delay fault (which starts a timer) before the test moves time on.
/// </summary>
internal sealed class TimerCountingClock : TimeProvider
{
    private readonly TimeProvider _inner;
    private int _timersCreated;

    public TimerCountingClock(TimeProvider inner) => _inner = inner;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timersCreated);
        return _inner.CreateTimer(callback, state, dueTime, period);
    }
}
