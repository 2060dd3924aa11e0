using System.Globalization;
using System.Net;
using System.Text.Json;

namespace DingTalk.Robot.Internal;

/// <summary>
/// Turns an HTTP answer into an <see cref="AttemptOutcome"/>. DingTalk answers HTTP 200 for rejections too, so the
/// body is always read; an answer that is not DingTalk's JSON (an HTML error page from a proxy, an empty body) is
/// treated as a passing problem.
/// </summary>
internal static class DingTalkResponseClassifier
{
    /// <summary>Classifies an answer with HTTP status <paramref name="status"/> and body <paramref name="body"/>.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The response body.</param>
    /// <param name="redact">Masks credentials in DingTalk's errmsg before it leaves the client.</param>
    public static AttemptOutcome Classify(HttpStatusCode status, ReadOnlySpan<byte> body, Func<string?, string> redact)
    {
        var code = (int)status;
        var response = TryParse(body);
        var errCode = response?.ErrCode;
        var errMsg = response?.ErrMsg is { } message ? redact(message) : null;

        if (code >= 500)
        {
            return new AttemptOutcome(DingTalkFailureKind.Transient, errCode, Describe(code, status, errMsg), code);
        }

        if (errCode is { } known)
        {
            var kind = DingTalkErrorCodes.Classify(known);
            if (DingTalkErrorCodes.IsInvalidTimestamp(known, errMsg))
            {
                errMsg = $"{errMsg} (the likely cause is clock skew: this machine's clock is more than an hour off DingTalk's)";
            }

            return new AttemptOutcome(kind, known, errMsg ?? $"errcode {known.ToString(CultureInfo.InvariantCulture)}", code);
        }

        // No errcode. 408 and 429 are worth another try; a redirect (redirects are not followed: the body would go
        // wherever it points) or any other 4xx (a wrong path, a proxy's 403) is configuration.
        if (code is >= 300 and < 500 && code is not 408 and not 429)
        {
            return new AttemptOutcome(DingTalkFailureKind.Permanent, null, Describe(code, status, errMsg), code);
        }

        var problem = response is null ? "an answer that is not DingTalk's JSON" : "an answer without an errcode";
        return new AttemptOutcome(
            DingTalkFailureKind.Transient,
            null,
            $"HTTP {code.ToString(CultureInfo.InvariantCulture)} with {problem}",
            code);
    }

    private static DingTalkResponse? TryParse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, DingTalkResponseJsonContext.Default.DingTalkResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(int code, HttpStatusCode status, string? errMsg)
    {
        var number = code.ToString(CultureInfo.InvariantCulture);
        var name = status.ToString();
        var text = name == number ? $"HTTP {number}" : $"HTTP {number} {name}";
        return errMsg is null ? text : $"{text}: {errMsg}";
    }
}
