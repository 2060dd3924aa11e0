using System.Globalization;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// Every line the engine says about delivery (for Serilog's SelfLog or the app's logger), worded in one place and
/// redacted before it leaves. A cause is reported once until digests are delivered again, so a robot that stays down
/// does not fill the app's log.
/// </summary>
internal sealed class DeliveryReporter
{
    private readonly Action<DingTalkDiagnostic>? _sink;
    private readonly Func<string, string> _redact;
    private readonly HashSet<string> _reportedCauses = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public DeliveryReporter(Action<DingTalkDiagnostic>? sink, Func<string, string> redact)
    {
        _sink = sink;
        _redact = redact;
    }

    /// <summary>Set while the diagnostics handler runs, so that the watchdog can tell a handler that hangs.</summary>
    public LoopWatchdog? Watchdog { get; set; }

    public void Delivered()
    {
        bool hadFailures;
        lock (_lock)
        {
            hadFailures = _reportedCauses.Count > 0;
            _reportedCauses.Clear();
        }

        if (hadFailures)
        {
            Report(DingTalkDiagnosticKind.Information, "Digests are delivered again.");
        }
    }

    public void Throttled(string reason)
        => ReportOnce(DingTalkDiagnosticKind.Information, "throttled",
            "The robot is throttled (" + reason + "); events accumulate into one digest until the penalty ends.");

    public void Retrying(DingTalkSendResult result, long events, string reason, TimeSpan interval, bool mayHaveBeenDelivered)
        => ReportOnce(DingTalkDiagnosticKind.Temporary, "transient:" + result.ErrCode + ":" + result.HttpStatus,
            mayHaveBeenDelivered
                ? $"A digest of {Count(events)} events got no answer ({reason}): it may have been delivered. Retrying in {Interval(interval)} with the same msgUuid, marked as re-sent."
                : $"A digest of {Count(events)} events could not be delivered ({reason}); retrying in {Interval(interval)} with the same msgUuid.");

    public void Refused(long events, string reason)
        => ReportOnce(DingTalkDiagnosticKind.Permanent, "refused:" + reason,
            $"A digest of {Count(events)} events was refused: {reason}. Retrying cannot fix this; the next digest will count these events.");

    public void RetriesExhausted(long events, string reason, bool mayHaveBeenDelivered)
        => ReportOnce(DingTalkDiagnosticKind.Final, "exhausted:" + reason,
            mayHaveBeenDelivered
                ? $"A digest of {Count(events)} events got no answer within the retry time limit ({reason}): it may or may not have been delivered; the next digest will count these events."
                : $"A digest of {Count(events)} events could not be delivered within the retry time limit ({reason}); the next digest will count these events.");

    public void LoopFailed(Exception ex)
        => Report(DingTalkDiagnosticKind.Temporary, "The digest loop failed unexpectedly and will continue: " + Describe(ex));

    public void LoopEnded(Exception ex)
        => Report(DingTalkDiagnosticKind.Final, "The digest loop stopped unexpectedly: " + Describe(ex));

    public void RenderingAbandoned(TimeSpan after)
        => ReportOnce(DingTalkDiagnosticKind.Temporary, "render-timeout",
            $"Rendering a digest took longer than {Interval(after)} (an event's message, property or exception may be hanging): it was sent with its counts only, and digests stay counts-only until that rendering returns.");

    // From the watchdog's timer: it must not mark the loop as reporting.
    public void LoopStuck(string where, TimeSpan busyFor)
        => Report(DingTalkDiagnosticKind.Temporary, onLoop: false,
            $"The digest loop has been busy {where} for {Interval(busyFor)}: no digest can be sent until it returns; events are still counted while the queue has room.");

    /// <summary>The last word at stop: what could not be delivered, and why.</summary>
    /// <param name="events">Events not delivered (queued, batched, in a failed digest, dropped).</param>
    /// <param name="closingDrops">Of those, the events logged after the logger started closing.</param>
    /// <param name="reason">Why, redacted.</param>
    /// <param name="onLoop">Whether the loop says it (or the stop, for a loop that never returned).</param>
    public void NotDeliveredAtStop(long events, long closingDrops, string reason, bool onLoop = true)
        => Report(DingTalkDiagnosticKind.Final, onLoop, closingDrops > 0
            ? $"{Count(events)} events were not delivered before shutdown ({reason}), including {Count(closingDrops)} dropped because they were logged while the logger was closing."
            : $"{Count(events)} events were not delivered before shutdown ({reason}).");

    public string Redact(string text) => _redact(text);

    public static string Describe(Exception ex)
    {
        try
        {
            return ex.GetType().FullName + ": " + ex.Message;
        }
        catch (Exception)
        {
            return ex.GetType().FullName ?? "exception";
        }
    }

    private void ReportOnce(DingTalkDiagnosticKind kind, string cause, string message)
    {
        bool first;
        lock (_lock)
        {
            first = _reportedCauses.Add(cause);
        }

        if (first)
        {
            Report(kind, message);
        }
    }

    private void Report(DingTalkDiagnosticKind kind, string message) => Report(kind, onLoop: true, message);

    private void Report(DingTalkDiagnosticKind kind, bool onLoop, string message)
    {
        if (_sink is null)
        {
            return;
        }

        var watchdog = onLoop ? Watchdog : null;
        var previous = watchdog?.Enter(LoopActivity.Reporting);
        try
        {
            _sink(new DingTalkDiagnostic(kind, _redact(message)));
        }
        catch (Exception)
        {
            // A diagnostics handler that throws must not stop the loop.
        }
        finally
        {
            if (previous is { } activity)
            {
                watchdog!.Enter(activity);
            }
        }
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Interval(TimeSpan interval)
        => interval.TotalSeconds < 90
            ? ((int)Math.Ceiling(interval.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + " s"
            : ((int)Math.Ceiling(interval.TotalMinutes)).ToString(CultureInfo.InvariantCulture) + " min";
}
