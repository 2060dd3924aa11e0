namespace DingTalk.Robot;

/// <summary>Why a send failed, which decides what to do next.</summary>
public enum DingTalkFailureKind
{
    /// <summary>The message was accepted.</summary>
    None = 0,

    /// <summary>A passing problem (HTTP 5xx, timeout, connection error, an answer that is not JSON, errcode -1): retry later with the same msgUuid.</summary>
    Transient = 1,

    /// <summary>The robot is throttled (errcode 130101 or 410100, or the client's own limiter knows it is): send nothing to it until the penalty ends.</summary>
    Throttled = 2,

    /// <summary>A configuration or content error (bad token, sign, keyword, disabled robot, oversize body): retrying the same message cannot succeed.</summary>
    Permanent = 3,
}
