using System.Globalization;
using System.Text;

namespace DingTalk.Robot.Testing;

/// <summary>
/// One HTTP request the emulator received, with what it answered. Every request is recorded in
/// <see cref="RobotEmulator.Requests"/>, whatever its outcome. The query string (access token, sign) is not kept.
/// </summary>
public sealed class ReceivedRequest
{
    internal ReceivedRequest(
        DateTimeOffset receivedAt,
        string method,
        string path,
        string? contentType,
        int bodyBytes,
        string? msgUuid,
        long? timestamp,
        bool signed,
        int httpStatus,
        int? errCode,
        string? errMsg,
        bool duplicate,
        string? fault)
    {
        ReceivedAt = receivedAt;
        Method = method;
        Path = path;
        ContentType = contentType;
        BodyBytes = bodyBytes;
        MsgUuid = msgUuid;
        Timestamp = timestamp;
        Signed = signed;
        HttpStatus = httpStatus;
        ErrCode = errCode;
        ErrMsg = errMsg;
        Duplicate = duplicate;
        Fault = fault;
    }

    /// <summary>When the request arrived, by <see cref="RobotEmulatorOptions.TimeProvider"/>.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The HTTP method, normally <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>The request path, without the query string, normally <c>/robot/send</c>.</summary>
    public string Path { get; }

    /// <summary>The <c>Content-Type</c> header, if any.</summary>
    public string? ContentType { get; }

    /// <summary>The size of the request body in bytes.</summary>
    public int BodyBytes { get; }

    /// <summary>The body's <c>msgUuid</c>, if the body is JSON with one (recorded whatever the outcome).</summary>
    public string? MsgUuid { get; }

    /// <summary>The <c>timestamp</c> query parameter, if present and a number.</summary>
    public long? Timestamp { get; }

    /// <summary>Whether the request carried both <c>timestamp</c> and <c>sign</c> query parameters (valid or not).</summary>
    public bool Signed { get; }

    /// <summary>The HTTP status answered, or 0 when the connection was dropped without a response.</summary>
    public int HttpStatus { get; }

    /// <summary>The errcode answered, or <see langword="null"/> when the answer was not DingTalk JSON.</summary>
    public int? ErrCode { get; }

    /// <summary>
    /// The errmsg answered, or <see langword="null"/> when the answer was not DingTalk JSON; for a request the
    /// emulator could not serve (<see cref="ErrCode"/> is then <see langword="null"/>), a note saying why.
    /// </summary>
    public string? ErrMsg { get; }

    /// <summary>Whether the request was answered "ok" without posting because its <c>msgUuid</c> was already accepted.</summary>
    public bool Duplicate { get; }

    /// <summary>The injected <see cref="RobotFault"/> this request got (its <see cref="RobotFault.ToString"/>), if any.</summary>
    public string? Fault { get; }

    /// <summary>Describes the request and its answer in one line (no secrets: the query string is not recorded).</summary>
    /// <returns>For example <c>08:00:01.250 POST /robot/send 153 B signed -&gt; HTTP 200 errcode 310000 "keywords not in content"</c>.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{ReceivedAt:HH:mm:ss.fff} {Method} {Path} {BodyBytes} B");
        if (MsgUuid is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" msgUuid={MsgUuid}");
        }

        if (Signed)
        {
            text.Append(" signed");
        }

        if (Fault is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" fault={Fault}");
        }

        text.Append(" -> ");
        if (HttpStatus == 0)
        {
            text.Append("connection dropped, no response");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"HTTP {HttpStatus}");
            if (ErrCode is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" errcode {ErrCode} \"{ErrMsg}\"");
            }
        }

        if (Duplicate)
        {
            text.Append(" (duplicate msgUuid: not posted again)");
        }

        return text.ToString();
    }
}
