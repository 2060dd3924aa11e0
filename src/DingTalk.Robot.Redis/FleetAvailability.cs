using System.Globalization;
using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Robot.Redis;

/// <summary>
/// Whether this replica coordinates through Redis or goes on alone, and the one diagnostic for each change: after a
/// failed call it keeps to its local share for <see cref="FleetTimings.RetryAfterFailure"/>, then asks Redis again.
/// </summary>
internal sealed class FleetAvailability
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryAfterFailure;
    private readonly Action<DingTalkDiagnostic>? _diagnostics;
    private readonly string _where;
    private readonly string _whileAlone;
    private readonly string _whenBack;
    private readonly object _lock = new();
    private bool _unavailable;
    private long _retryAt;

    /// <param name="time">The clock of the retry.</param>
    /// <param name="retryAfterFailure">How long to go on alone after a failed call.</param>
    /// <param name="diagnostics">Where to say so.</param>
    /// <param name="where">Which Redis, for people (never the password).</param>
    /// <param name="whileAlone">What the replica does while alone ("this replica keeps to …").</param>
    /// <param name="whenBack">What coordinating again means ("the robot's budget is shared by the fleet again").</param>
    public FleetAvailability(TimeProvider time, TimeSpan retryAfterFailure, Action<DingTalkDiagnostic>? diagnostics, string where, string whileAlone, string whenBack)
    {
        _time = time;
        _retryAfterFailure = retryAfterFailure;
        _diagnostics = diagnostics;
        _where = where;
        _whileAlone = whileAlone;
        _whenBack = whenBack;
    }

    /// <summary>Whether the replica is on its local share now.</summary>
    public bool IsUnavailable
    {
        get
        {
            lock (_lock)
            {
                return _unavailable;
            }
        }
    }

    /// <summary>Whether to ask Redis now: always while it answers; after a failure, once the retry time has come.</summary>
    public bool ShouldTryRedis()
    {
        lock (_lock)
        {
            return !_unavailable || _time.GetTimestamp() >= _retryAt;
        }
    }

    /// <summary>How long until Redis should be asked again (zero: now).</summary>
    public TimeSpan UntilRetry()
    {
        lock (_lock)
        {
            var remaining = _unavailable ? _retryAt - _time.GetTimestamp() : 0;
            return remaining <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)remaining / _time.TimestampFrequency);
        }
    }

    /// <summary>A call failed: go on alone for a while, and say so the first time.</summary>
    /// <returns>Whether this failure began an outage (the replica was coordinating until now).</returns>
    public bool Failed(string reason)
    {
        bool first;
        lock (_lock)
        {
            first = !_unavailable;
            _unavailable = true;
            _retryAt = _time.GetTimestamp() + (long)(_retryAfterFailure.TotalSeconds * _time.TimestampFrequency);
        }

        if (first)
        {
            Say(DingTalkDiagnosticKind.Temporary, string.Format(
                CultureInfo.InvariantCulture,
                "Fleet coordination is unavailable ({0}: {1}); {2} until Redis answers again. Logging is not affected.",
                _where,
                reason,
                _whileAlone));
        }

        return first;
    }

    /// <summary>A call succeeded: coordinate again, and say so if the replica was alone.</summary>
    public void Succeeded()
    {
        bool wasUnavailable;
        lock (_lock)
        {
            wasUnavailable = _unavailable;
            _unavailable = false;
        }

        if (wasUnavailable)
        {
            Say(DingTalkDiagnosticKind.Information, $"Fleet coordination is back ({_where}): {_whenBack}.");
        }
    }

    // A diagnostics handler that throws must not turn into a failed send.
    private void Say(DingTalkDiagnosticKind kind, string message)
    {
        try
        {
            _diagnostics?.Invoke(new DingTalkDiagnostic(kind, message));
        }
        catch (Exception)
        {
            // Nothing to report to: the handler itself failed.
        }
    }
}
