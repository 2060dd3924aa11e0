using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace DingTalk.Benchmarks;

/// <summary>
/// Records when the runtime stopped every thread for a garbage collection (from the moment it decided on one to the restart),
/// through the runtime's own GC events, so a slow logging call can be told apart: paused by a collection, or slow on
/// its own account (preempted, or blocked).
/// </summary>
internal sealed class GcPauses : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    // The events carry wall-clock times; the calls were timed with Stopwatch. Both come from the same monotonic clock
    // underneath, so one pair of readings relates them.
    private static readonly long AnchorTimestamp = Stopwatch.GetTimestamp();
    private static readonly DateTime AnchorTime = DateTime.UtcNow;
    private readonly List<(long Begin, long End)> _pauses = new();
    private readonly object _gate = new();
    private long _suspendedAt = -1;
    private long _restarts;

    /// <summary>The pauses seen so far, as <see cref="Stopwatch"/> timestamps.</summary>
    public IReadOnlyList<(long Begin, long End)> Pauses
    {
        get
        {
            lock (_gate)
            {
                return _pauses.ToArray();
            }
        }
    }

    /// <summary>Waits until the events of <paramref name="collections"/> collections have arrived (they come late, on a thread of their own).</summary>
    public void WaitFor(int collections)
    {
        var deadline = Stopwatch.StartNew();
        while (Interlocked.Read(ref _restarts) < collections && deadline.Elapsed < TimeSpan.FromSeconds(3))
        {
            Thread.Sleep(20);
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var at = ToTimestamp(eventData.TimeStamp);
        lock (_gate)
        {
            switch (eventData.EventName)
            {
                // From the moment a collection is decided, a thread that needs room to allocate waits for it.
                case "GCTriggered":
                    _suspendedAt = at;
                    break;
                case "GCSuspendEEBegin_V1" when _suspendedAt < 0:
                    _suspendedAt = at;
                    break;
                case "GCRestartEEEnd_V1" when _suspendedAt >= 0:
                    _pauses.Add((_suspendedAt, at));
                    _suspendedAt = -1;
                    Interlocked.Increment(ref _restarts);
                    break;
            }
        }
    }

    private static long ToTimestamp(DateTime time) =>
        AnchorTimestamp + (long)((time.ToUniversalTime() - AnchorTime).TotalSeconds * Stopwatch.Frequency);
}
