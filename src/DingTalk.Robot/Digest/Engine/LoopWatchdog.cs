namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// Notices a digest loop that has been busy in one activity for too long — a front end's reader, a rendering or a
/// diagnostics handler that hangs — and says so once per stall, from a timer of its own (the loop cannot say it).
/// The loop marks what it does with <see cref="Enter"/>: two volatile writes, no allocation.
/// </summary>
internal sealed class LoopWatchdog : IDisposable
{
    /// <summary>How long one activity may last before it is reported.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;
    private readonly Action<string, TimeSpan> _report;
    private readonly ITimer _timer;
    private int _activity;
    private long _since;
    private long _reportedSince = -1;

    /// <param name="time">Real time in production (a stall is real); a test's fake clock otherwise.</param>
    /// <param name="report">Told where the loop is stuck and for how long.</param>
    public LoopWatchdog(TimeProvider time, Action<string, TimeSpan> report)
    {
        _time = time;
        _report = report;
        _since = time.GetTimestamp();
        var period = TimeSpan.FromTicks(StuckAfter.Ticks / 3);
        _timer = time.CreateTimer(static state => ((LoopWatchdog)state!).Check(), this, period, period);
    }

    /// <summary>The loop starts <paramref name="activity"/>; returns the one it leaves, to come back to it.</summary>
    public LoopActivity Enter(LoopActivity activity)
    {
        var previous = (LoopActivity)Volatile.Read(ref _activity);
        if (previous != activity)
        {
            Volatile.Write(ref _since, _time.GetTimestamp());
            Volatile.Write(ref _activity, (int)activity);
        }

        return previous;
    }

    /// <summary>What the loop is doing now and since when (for the stop's last word about a loop that never returned).</summary>
    public string Describe() => Describe((LoopActivity)Volatile.Read(ref _activity));

    /// <summary>How long the loop has been in its current activity.</summary>
    public TimeSpan BusyFor => _time.GetElapsedTime(Volatile.Read(ref _since));

    public void Dispose() => _timer.Dispose();

    // On the timer's thread. Reports a stall once: a new activity has a new start time.
    private void Check()
    {
        var activity = (LoopActivity)Volatile.Read(ref _activity);
        var since = Volatile.Read(ref _since);
        if (activity == LoopActivity.Idle || since == Volatile.Read(ref _reportedSince))
        {
            return;
        }

        var busyFor = _time.GetElapsedTime(since);
        if (busyFor >= StuckAfter)
        {
            Volatile.Write(ref _reportedSince, since);
            _report(Describe(activity), busyFor);
        }
    }

    private static string Describe(LoopActivity activity) => activity switch
    {
        LoopActivity.Folding => "reading events (the front end's event reader)",
        LoopActivity.Rendering => "rendering a digest (events' messages, properties or exceptions)",
        LoopActivity.Reporting => "in the diagnostics handler (SelfLog or the app's logger)",
        _ => "waiting",
    };
}
