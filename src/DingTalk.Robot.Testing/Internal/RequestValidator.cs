using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace DingTalk.Robot.Testing.Internal;

/// <summary>The checks that depend only on the request, the options and the clock, in DingTalk's order.</summary>
internal static class RequestValidator
{
    /// <summary>Whether the request carries exactly one <c>access_token</c>, the robot's.</summary>
    public static bool HasValidToken(IncomingRequest request, RobotEmulatorOptions options) =>
        request.AccessToken.Count == 1
        && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(request.AccessToken[0] ?? ""),
            Encoding.UTF8.GetBytes(options.AccessToken));

    /// <summary>
    /// Content type, body size, signature, JSON, message shape and keywords. On failure
    /// <paramref name="rejection"/> is DingTalk's answer.
    /// </summary>
    public static bool TryValidate(
        IncomingRequest request,
        RobotEmulatorOptions options,
        DateTimeOffset now,
        [NotNullWhen(true)] out MessageContent? content,
        out Answer rejection)
    {
        content = null;
        rejection = !IsJson(request.ContentType) ? Answer.InvalidContentType
            : request.BodyBytes > options.MaxBodyBytes ? Answer.TooLong(options.MaxBodyBytes)
            : options.Secret is { } secret ? CheckSignature(request, secret, options.MaxClockSkew, now)
            : Answer.Ok;
        if (!rejection.IsOk)
        {
            return false;
        }

        if (request.Root is not { ValueKind: System.Text.Json.JsonValueKind.Object } root)
        {
            rejection = Answer.InvalidBody;
            return false;
        }

        if (!MessageShape.TryRead(root, out content, out rejection))
        {
            return false;
        }

        if (options.Keywords.Count > 0 && !ContainsKeyword(content.SearchableTexts, options.Keywords))
        {
            content = null;
            rejection = Answer.KeywordsNotInContent;
            return false;
        }

        return true;
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static Answer CheckSignature(IncomingRequest request, string secret, TimeSpan maxClockSkew, DateTimeOffset now)
    {
        if (!request.Signed)
        {
            return Answer.SignMissing;
        }

        if (request.TimestampValue is not { } timestamp || !IsWithin(timestamp, now, maxClockSkew))
        {
            return Answer.InvalidTimestamp;
        }

        return request.Sign.Count == 1 && SignatureVerifier.Matches(secret, request.Timestamp[0]!, request.Sign[0]!)
            ? Answer.Ok
            : Answer.SignMismatch;
    }

    private static bool IsWithin(long timestampMilliseconds, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        var skewTicks = ((Int128)now.ToUnixTimeMilliseconds() - timestampMilliseconds) * TimeSpan.TicksPerMillisecond;
        return Int128.Abs(skewTicks) <= maxClockSkew.Ticks;
    }

    private static bool ContainsKeyword(IReadOnlyList<string> texts, IList<string> keywords) =>
        texts.Any(text => keywords.Any(keyword => text.Contains(keyword, StringComparison.Ordinal)));
}
