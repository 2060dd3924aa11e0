using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace DingTalk.Robot.Testing.Internal;

/// <summary>A <c>POST /robot/send</c> request, read once: query parameters, body bytes, and the body parsed if it is JSON.</summary>
internal sealed class IncomingRequest
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private IncomingRequest(DateTimeOffset arrivedAt, HttpRequest request, byte[] body)
    {
        ArrivedAt = arrivedAt;
        Method = request.Method;
        Path = request.Path.Value ?? "";
        ContentType = request.ContentType;
        AccessToken = request.Query["access_token"];
        Timestamp = request.Query["timestamp"];
        Sign = request.Query["sign"];
        BodyBytes = body.Length;
        try
        {
            BodyText = StrictUtf8.GetString(body);
            using var document = JsonDocument.Parse(BodyText);
            Root = document.RootElement.Clone();
        }
        catch (Exception ex) when (ex is DecoderFallbackException or JsonException)
        {
            // Not UTF-8 JSON: answered by the validator, after the checks that come first.
        }

        if (Root is { ValueKind: JsonValueKind.Object } root
            && root.TryGetProperty("msgUuid", out var msgUuid)
            && msgUuid.ValueKind == JsonValueKind.String)
        {
            MsgUuid = msgUuid.GetString();
        }
    }

    public DateTimeOffset ArrivedAt { get; }

    public string Method { get; }

    public string Path { get; }

    public string? ContentType { get; }

    /// <summary>The <c>access_token</c> query values, URL-decoded.</summary>
    public StringValues AccessToken { get; }

    /// <summary>The <c>timestamp</c> query values, URL-decoded.</summary>
    public StringValues Timestamp { get; }

    /// <summary>The <c>sign</c> query values, URL-decoded (so an unencoded '+' has become a space).</summary>
    public StringValues Sign { get; }

    public int BodyBytes { get; }

    /// <summary>The body, if it is valid UTF-8.</summary>
    public string? BodyText { get; }

    /// <summary>The parsed body, if it is UTF-8 JSON.</summary>
    public JsonElement? Root { get; }

    public string? MsgUuid { get; }

    /// <summary>Whether both <c>timestamp</c> and <c>sign</c> are present.</summary>
    public bool Signed => !StringValues.IsNullOrEmpty(Timestamp) && !StringValues.IsNullOrEmpty(Sign);

    /// <summary>The timestamp if it is a single non-negative integer.</summary>
    public long? TimestampValue =>
        Timestamp.Count == 1 && long.TryParse(Timestamp[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    public static IncomingRequest Create(DateTimeOffset arrivedAt, HttpRequest request, byte[] body) => new(arrivedAt, request, body);

    /// <summary>The record of this request and its answer.</summary>
    public ReceivedRequest ToRecord(int httpStatus, Answer? answer, string? fault, bool duplicate = false) => new(
        ArrivedAt,
        Method,
        Path,
        ContentType,
        BodyBytes,
        MsgUuid,
        TimestampValue,
        Signed,
        httpStatus,
        answer?.ErrCode,
        answer?.ErrMsg,
        duplicate,
        fault);
}
