using System.Globalization;
using System.Runtime.InteropServices;
using DingTalk.Robot.Diagnostics;
using DingTalk.Robot.Fleet;
using DingTalk.Robot.Internal;
using DingTalk.Robot.Serialization;

namespace DingTalk.Robot;

/// <summary>
/// Sends messages to one DingTalk custom robot: signs every request, keeps within the robot's per-minute budget
/// (shared with every other client of the same webhook in the process), stops sending while the robot is throttled,
/// and retries passing failures with the same <c>msgUuid</c>. DingTalk does not document that the custom robot
/// de-duplicates by it: a retry after an attempt whose answer never came may post a second copy, and
/// <see cref="DingTalkSendResult.MayHaveBeenDelivered"/> says when that could have happened.
/// </summary>
/// <remarks>
/// Thread-safe; create one per robot and reuse it. <see cref="SendAsync(DingTalkMessage, CancellationToken)"/> does not
/// throw for delivery failures: it returns a <see cref="DingTalkSendResult"/> that says what happened.
/// </remarks>
public sealed class DingTalkRobotClient : IDisposable
{
    // DingTalk's own JSON answers are tiny; anything past this is not one (and is not worth buffering).
    private const int MaxResponseBytes = 1024 * 1024;

    private readonly DingTalkRobotOptions _options;
    private readonly DingTalkWebhook _webhook;
    private readonly IReadOnlyList<string> _keywords;
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly TimeProvider _timeProvider;
    private readonly IRobotBudget _budget;
    private readonly DingTalkWebhookPoster _poster;
    private readonly SecretRedactor _redactor;
    private int _disposed;

    /// <summary>Creates a client for the robot described by <paramref name="options"/>.</summary>
    /// <param name="options">The robot's webhook and settings; validated, then copied (later changes don't apply).</param>
    /// <param name="httpClient">
    /// An <see cref="HttpClient"/> to send with (not disposed by the client), or <see langword="null"/> for one of the
    /// client's own. Its <see cref="HttpClient.Timeout"/> applies on top of <see cref="DingTalkRobotOptions.Timeout"/>.
    /// </param>
    /// <param name="timeProvider">The clock for signing, timeouts, backoff and the rate limit; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="DingTalkRobotOptions.Validate"/>).</exception>
    public DingTalkRobotClient(DingTalkRobotOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
        : this(options, httpClient, handler: null, timeProvider)
    {
    }

    /// <summary>
    /// Creates a client that sends through <paramref name="handler"/> (not disposed by the client) when one is given.
    /// A <c>SocketsHttpHandler</c> that has not sent yet (itself or at the end of its chain) gets its
    /// <c>ActivityHeadersPropagator</c> set to null, so that the runtime's diagnostics never see the request URL.
    /// </summary>
    internal DingTalkRobotClient(DingTalkRobotOptions options, HttpMessageHandler? handler, TimeProvider? timeProvider)
        : this(options, httpClient: null, handler, timeProvider)
    {
    }

    /// <summary>
    /// As above, for the digest engine: <paramref name="diagnostics"/> hears what the fleet's budget has to say (Redis
    /// lost or back) when <see cref="DingTalkRobotOptions.Fleet"/> is on.
    /// </summary>
    internal DingTalkRobotClient(
        DingTalkRobotOptions options,
        HttpMessageHandler? handler,
        TimeProvider? timeProvider,
        Action<Digest.Engine.DingTalkDiagnostic>? diagnostics)
        : this(options, httpClient: null, handler, timeProvider, diagnostics)
    {
    }

    private DingTalkRobotClient(
        DingTalkRobotOptions options,
        HttpClient? httpClient,
        HttpMessageHandler? handler,
        TimeProvider? timeProvider,
        Action<Digest.Engine.DingTalkDiagnostic>? diagnostics = null)
    {
        _options = Guard.NotNull(options, nameof(options)).Clone();
        _webhook = _options.ValidateAndParse();
        _keywords = _options.Keywords.ToArray();
        _timeProvider = timeProvider ?? TimeProvider.System;

        var secret = string.IsNullOrEmpty(_options.Secret) ? null : _options.Secret;
        if (handler is not null)
        {
            // The caller's handler (a proxy, typically): keep the runtime's diagnostics from seeing the URL where we can.
            DingTalkHttpHandlerFactory.SilenceDiagnostics(handler);
        }

        if (httpClient is null)
        {
            // Our own timeout (Options.Timeout, on the TimeProvider) governs each attempt, not HttpClient's.
            _httpClient = new HttpClient(handler ?? DingTalkHttpHandlerFactory.Create(), disposeHandler: handler is null)
            {
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
                MaxResponseContentBufferSize = MaxResponseBytes,
            };
            _ownsHttpClient = true;
        }
        else
        {
            _httpClient = httpClient;
        }

        _budget = FleetBudgets.For(_webhook, _options, _timeProvider, diagnostics);

        // The fleet's Redis password too: a diagnostic that quotes a Redis error goes through this redactor.
        _redactor = new SecretRedactor(
            new[] { _webhook.AccessToken, secret }.Concat(RedisConnectionText.Secrets(_options.Fleet?.Redis)).ToArray());
        RobotName = _redactor.Redact(DingTalkMetrics.RobotName(_options.Name, _webhook.AccessToken));
        _poster = new DingTalkWebhookPoster(_httpClient, _webhook, secret, _options.Timeout, _timeProvider, _redactor);
    }

    /// <summary>
    /// Sends <paramref name="message"/>, waiting for the robot's budget if need be and retrying passing failures for up
    /// to <see cref="DingTalkRobotOptions.RetryTimeLimit"/>.
    /// </summary>
    /// <param name="message">The message. It is not modified: when it has no <see cref="DingTalkMessage.MsgUuid"/>, one is generated for this send.</param>
    /// <param name="cancellationToken">Cancels waiting and sending.</param>
    /// <returns>What happened; failures are reported here, not thrown.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public Task<DingTalkSendResult> SendAsync(DingTalkMessage message, CancellationToken cancellationToken = default)
        => SendAsync(message, _options.RetryTimeLimit, cancellationToken);

    /// <summary>
    /// Sends <paramref name="message"/>, retrying passing failures for up to <paramref name="retryTimeLimit"/>;
    /// <see cref="TimeSpan.Zero"/> means exactly one attempt (the digest engine retries at its own level, reusing the
    /// message's <see cref="DingTalkMessage.MsgUuid"/>).
    /// </summary>
    internal async Task<DingTalkSendResult> SendAsync(DingTalkMessage message, TimeSpan retryTimeLimit, CancellationToken cancellationToken)
    {
        Guard.NotNull(message, nameof(message));
        if (retryTimeLimit < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retryTimeLimit), retryTimeLimit, "The retry time limit must not be negative.");
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(ToString());
        }

        var started = _timeProvider.GetTimestamp();
        var result = await SendWithRetriesAsync(message, retryTimeLimit, started, cancellationToken).ConfigureAwait(false);
        DingTalkMetrics.SendDuration.Record(
            _timeProvider.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>(DingTalkMetrics.RobotTag, RobotName),
            new KeyValuePair<string, object?>(DingTalkMetrics.OutcomeTag, DingTalkMetrics.OutcomeOf(result.Kind)));
        return result;
    }

    /// <summary>
    /// Zero when a message could be posted now; otherwise the best estimate of how long until one can: the rest of a
    /// throttle penalty, or the time until the per-minute budget frees a permit. For the digest engine's scheduling.
    /// </summary>
    internal TimeSpan GetWaitBeforeNextSend() => _budget.GetWaitBeforeNextSend();

    /// <summary>
    /// Fleet mode: false while the budget keeps to this replica's local share (Redis unreachable or slow). True for a
    /// budget of this process alone, which has nothing to coordinate. A local answer: no call to Redis.
    /// </summary>
    internal bool IsFleetCoordinated => _budget is not IFleetCoordination fleet || fleet.IsCoordinated;

    /// <summary>How many sends wait for a permit of this process's own budget (for tests; 0 in fleet mode).</summary>
    internal long SendsWaitingForPermit => _budget is RobotBudget local ? local.WaitingSends : 0;

    /// <summary>Masks this robot's credentials in <paramref name="text"/>, for the digest engine's diagnostics.</summary>
    internal string Redact(string text) => _redactor.Redact(text);

    /// <summary>The robot's name in metrics and health reports (see <see cref="DingTalkRobotOptions.Name"/>); never a secret.</summary>
    internal string RobotName { get; }

    /// <summary>Describes the client by the robot's host alone: no token, no secret.</summary>
    public override string ToString() => $"DingTalkRobotClient({_webhook.Host})";

    /// <summary>Disposes the client's own <see cref="HttpClient"/> (one passed in is left alone).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private static DingTalkSendResult Throttled(TimeSpan remaining, int attempts, bool mayHaveBeenDelivered)
        => new(
            DingTalkFailureKind.Throttled,
            errCode: null,
            $"the robot is throttled by DingTalk (errcode 130101/410100); nothing is sent to it for another {Describe(remaining)}",
            attempts,
            httpStatus: null,
            mayHaveBeenDelivered);

    private static string Describe(TimeSpan span)
        => span.TotalMinutes >= 1
            ? string.Format(CultureInfo.InvariantCulture, "{0} min {1} s", (int)span.TotalMinutes, span.Seconds)
            : string.Format(CultureInfo.InvariantCulture, "{0:0.#} s", span.TotalSeconds);

    private async Task<DingTalkSendResult> SendWithRetriesAsync(
        DingTalkMessage message,
        TimeSpan retryTimeLimit,
        long started,
        CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter();

        // One key for every attempt of this send, so that a receiver that de-duplicates by msgUuid posts the message once
        // (DingTalk does not document that it does). Passed to the writer rather than set on the message, which belongs
        // to the caller.
        var msgUuid = message.MsgUuid ?? Guid.NewGuid().ToString("N");
        DingTalkMessageWriter.Write(body, message, msgUuid, KeywordGuard.GetTextToAppend(message, _keywords));
        if (body.WrittenCount > DingTalkRobotOptions.MaxBodyBytes)
        {
            return new DingTalkSendResult(
                DingTalkFailureKind.Permanent,
                errCode: null,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "the message body is {0} bytes, over DingTalk's limit of {1} bytes (UTF-8 JSON); it was not sent. Shorten the message.",
                    body.WrittenCount,
                    DingTalkRobotOptions.MaxBodyBytes),
                attempts: 0,
                httpStatus: null);
        }

        MemoryMarshal.TryGetArray(body.WrittenMemory, out var bodySegment);

        var attempts = 0;
        var failures = 0;
        var resigned = false;

        // Set once an attempt went out and its answer never came: from then on, whatever the send's end, the message
        // may be in the group (see DingTalkSendResult.MayHaveBeenDelivered).
        var unknownOutcome = false;
        while (true)
        {
            var throttle = _budget.GetRemainingThrottle();
            if (throttle > TimeSpan.Zero)
            {
                return Throttled(throttle, attempts, unknownOutcome);
            }

            var permit = await _budget.AcquireAsync(cancellationToken).ConfigureAwait(false);

            // Another client of the robot may have been throttled while this one waited for its permit.
            throttle = _budget.GetRemainingThrottle();
            if (throttle > TimeSpan.Zero)
            {
                return Throttled(throttle, attempts, unknownOutcome);
            }

            attempts++;
            AttemptOutcome outcome;
            try
            {
                outcome = await _poster.PostAsync(bodySegment, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _budget.Posted(permit);
            }

            DingTalkMetrics.Requests.Add(
                1,
                new KeyValuePair<string, object?>(DingTalkMetrics.RobotTag, RobotName),
                new KeyValuePair<string, object?>(DingTalkMetrics.OutcomeTag, DingTalkMetrics.OutcomeOf(outcome.Kind)));
            unknownOutcome |= outcome.OutcomeUnknown;

            switch (outcome.Kind)
            {
                case DingTalkFailureKind.Throttled:
                    _budget.Throttle(_options.ThrottlePenalty);
                    return outcome.ToResult(attempts, unknownOutcome);

                case DingTalkFailureKind.Permanent
                    when !resigned
                         && retryTimeLimit > TimeSpan.Zero
                         && DingTalkErrorCodes.IsInvalidTimestamp(outcome.ErrCode ?? 0, outcome.ErrMsg):
                    // "invalid timestamp": one more try, signed afresh, in case the clock was just corrected.
                    resigned = true;
                    continue;

                case DingTalkFailureKind.Transient:
                    failures++;
                    var delay = RetryBackoff.Next(failures);
                    if (retryTimeLimit == TimeSpan.Zero || _timeProvider.GetElapsedTime(started) + delay > retryTimeLimit)
                    {
                        return outcome.ToResult(attempts, unknownOutcome);
                    }

                    await TimeProviderCompat.Delay(_timeProvider, delay, cancellationToken).ConfigureAwait(false);
                    continue;

                default:
                    return outcome.ToResult(attempts, unknownOutcome);
            }
        }
    }
}
