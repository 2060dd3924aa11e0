namespace DingTalk.Robot;

/// <summary>The outcome of <c>DingTalkRobotClient.SendAsync</c>. Its text never contains the access token, the secret or a sign.</summary>
public sealed class DingTalkSendResult
{
    internal DingTalkSendResult(DingTalkFailureKind kind, int? errCode, string? errMsg, int attempts, int? httpStatus, bool mayHaveBeenDelivered = false)
    {
        Kind = kind;
        ErrCode = errCode;
        ErrMsg = errMsg;
        Attempts = attempts;
        HttpStatus = httpStatus;
        MayHaveBeenDelivered = mayHaveBeenDelivered;
    }

    /// <summary>Whether DingTalk accepted the message (errcode 0).</summary>
    public bool IsSuccess => Kind == DingTalkFailureKind.None;

    /// <summary>The <c>errcode</c> of the last answer, or <see langword="null"/> when there was no JSON answer.</summary>
    public int? ErrCode { get; }

    /// <summary>The <c>errmsg</c> of the last answer, or a description of the failure (redacted).</summary>
    public string? ErrMsg { get; }

    /// <summary>How the send ended.</summary>
    public DingTalkFailureKind Kind { get; }

    /// <summary>How many HTTP requests were made (0 when the message was refused before sending).</summary>
    public int Attempts { get; }

    /// <summary>The HTTP status of the last answer, or <see langword="null"/> when none arrived.</summary>
    public int? HttpStatus { get; }

    /// <summary>
    /// Whether an attempt of this send may have posted the message without the client knowing: the request was sent
    /// and no answer was read (the attempt timed out, or the connection broke after the request went out). The
    /// client sends every attempt with the same <c>msgUuid</c>, but DingTalk does not document that the custom robot
    /// de-duplicates by it. So when the send failed, the message may nevertheless be in the group; when it succeeded
    /// after such an attempt, the group may show it twice. <see langword="false"/> when every attempt was answered or
    /// surely never left (refused before sending, a connection that could not be made).
    /// </summary>
    public bool MayHaveBeenDelivered { get; }

    /// <inheritdoc />
    public override string ToString()
        => IsSuccess
            ? $"ok after {Attempts} attempt(s)"
            : $"{Kind}: errcode {ErrCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, {ErrMsg ?? "no message"} (HTTP {HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, {Attempts} attempt(s){(MayHaveBeenDelivered ? ", may have been delivered" : string.Empty)})";
}
