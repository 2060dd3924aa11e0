namespace DingTalk.Robot.Internal;

/// <summary>How one HTTP attempt ended. <see cref="ErrMsg"/> is already redacted.</summary>
internal readonly struct AttemptOutcome
{
    public AttemptOutcome(DingTalkFailureKind kind, int? errCode, string? errMsg, int? httpStatus)
    {
        Kind = kind;
        ErrCode = errCode;
        ErrMsg = errMsg;
        HttpStatus = httpStatus;
    }

    public DingTalkFailureKind Kind { get; }

    public int? ErrCode { get; }

    public string? ErrMsg { get; }

    public int? HttpStatus { get; }

    /// <summary>The result of a send whose last attempt was this one.</summary>
    public DingTalkSendResult ToResult(int attempts) => new(Kind, ErrCode, ErrMsg, attempts, HttpStatus);
}
