using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace DingTalk.Robot.Internal;

/// <summary>
/// Makes one attempt: signs afresh, posts the body, and classifies the answer. Nothing thrown by the HTTP stack gets
/// out — it becomes a transient outcome with a redacted message — except cancellation by the caller's token.
/// </summary>
internal sealed class DingTalkWebhookPoster
{
    private readonly HttpClient _httpClient;
    private readonly DingTalkWebhook _webhook;
    private readonly string? _secret;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly SecretRedactor _redactor;

    public DingTalkWebhookPoster(
        HttpClient httpClient,
        DingTalkWebhook webhook,
        string? secret,
        TimeSpan timeout,
        TimeProvider timeProvider,
        SecretRedactor redactor)
    {
        _httpClient = httpClient;
        _webhook = webhook;
        _secret = secret;
        _timeout = timeout;
        _timeProvider = timeProvider;
        _redactor = redactor;
    }

    /// <summary>Posts <paramref name="body"/> once.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<AttemptOutcome> PostAsync(ArraySegment<byte> body, CancellationToken cancellationToken)
    {
        var timestamp = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var url = DingTalkSigner.BuildRequestUrl(_webhook.Url, _secret, timestamp, out var sign);

        using var timeout = TimeProviderCompat.CreateTimeoutSource(_timeProvider, _timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // Our posts are not part of the caller's trace (and a user-supplied handler might otherwise propagate it).
            // Activity.Current is async-local: the caller's is untouched once this method returns.
            Activity.Current = null;

            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = CreateContent(body) };
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var responseBody = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return DingTalkResponseClassifier.Classify(response.StatusCode, responseBody, text => _redactor.Redact(text, sign));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // The request may have been written and even posted: only its answer is missing.
            return Transient($"no answer within the per-attempt timeout of {_timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s", outcomeUnknown: true);
        }
        catch (OperationCanceledException)
        {
            // Neither token: the HttpClient's own Timeout (a client passed in by the caller may have a shorter one).
            return Transient("the HTTP request was cancelled by the HttpClient (its Timeout elapsed)", outcomeUnknown: true);
        }
        catch (Exception exception)
        {
            return Transient(_redactor.Redact(Describe(exception), sign), SendFailures.MayHaveBeenSent(exception));
        }
    }

    private static AttemptOutcome Transient(string message, bool outcomeUnknown)
        => new(DingTalkFailureKind.Transient, null, message, null, outcomeUnknown);

    private static ByteArrayContent CreateContent(ArraySegment<byte> body)
    {
        var content = new ByteArrayContent(body.Array!, body.Offset, body.Count);

        // Set explicitly: DingTalk wants exactly this, and ByteArrayContent adds no type of its own.
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    // The messages of the exception and its inner exceptions: a connection error says what happened in the innermost.
    private static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var current = exception; current is not null && parts.Count < 4; current = current.InnerException)
        {
            parts.Add($"{current.GetType().Name}: {current.Message}");
        }

        return "the request failed: " + string.Join(" ---> ", parts);
    }
}
