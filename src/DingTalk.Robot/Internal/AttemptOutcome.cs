namespace DingTalk.Robot.Internal;

/// <summary>How one HTTP attempt ended. <see cref="ErrMsg"/> is already redacted.</summary>
internal readonly struct AttemptOutcome
{
    public AttemptOutcome(DingTalkFailureKind kind, int? errCode, string? errMsg, int? httpStatus, bool outcomeUnknown = false)
    {
        Kind = kind;
        ErrCode = errCode;
        ErrMsg = errMsg;
        HttpStatus = httpStatus;
        OutcomeUnknown = outcomeUnknown;
    }

    public DingTalkFailureKind Kind { get; }

    public int? ErrCode { get; }

    public int? HttpStatus { get; }

    public string? ErrMsg { get; }

    /// <summary>
    /// The request may have reached DingTalk but no answer was read (a timeout, a connection broken after sending), so
    /// whether it was posted is unknown. False when an answer was read or the request surely never left.
    /// </summary>
    public bool OutcomeUnknown { get; }

    /// <summary>The result of a send whose last attempt was this one.</summary>
    /// <param name="attempts">How many attempts the send made.</param>
    /// <param name="mayHaveBeenDelivered">Whether this or an earlier attempt of the send had an unknown outcome.</param>
    public DingTalkSendResult ToResult(int attempts, bool mayHaveBeenDelivered)
        => new(Kind, ErrCode, ErrMsg, attempts, HttpStatus, mayHaveBeenDelivered || OutcomeUnknown);
}
