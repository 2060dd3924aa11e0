using System.Globalization;

namespace DingTalk.Robot.Internal;

/// <summary>
/// The webhook's errcodes in one place: how each is classified (which decides retry or not) and what the user should
/// fix, in words a person can act on. The digest engine shows the advice in its diagnostics.
/// </summary>
internal static class DingTalkErrorCodes
{
    /// <summary>Accepted.</summary>
    public const int Ok = 0;

    /// <summary>System busy: retry later.</summary>
    public const int SystemBusy = -1;

    /// <summary>"send too fast, exceed 20 times per minute" (reported).</summary>
    public const int SendTooFast = 130101;

    /// <summary>Throttled (documented).</summary>
    public const int Throttled = 410100;

    /// <summary>The security check failed: keywords, sign, timestamp or IP allow-list (errmsg says which).</summary>
    public const int SecurityCheckFailed = 310000;

    /// <summary>The token does not exist.</summary>
    public const int TokenNotFound = 300001;

    /// <summary>The token does not exist (another code for it).</summary>
    public const int InvalidToken = 400101;

    /// <summary>The robot was disabled.</summary>
    public const int RobotDisabled = 400102;

    /// <summary>The robot is no longer in the group.</summary>
    public const int RobotNotInGroup = 400106;

    /// <summary>The group was dissolved.</summary>
    public const int GroupDissolved = 400013;

    /// <summary>Unsupported msgtype.</summary>
    public const int UnsupportedMessageType = 400105;

    /// <summary>A missing or invalid parameter.</summary>
    public const int InvalidParameter = 400402;

    /// <summary>The body is too large.</summary>
    public const int BodyTooLarge = 460101;

    /// <summary>The body is too large (another code for it).</summary>
    public const int BodyTooLargeLegacy = 101002;

    /// <summary>First of the content-safety codes 430101–430104.</summary>
    public const int UnsafeContentFirst = 430101;

    /// <summary>Last of the content-safety codes 430101–430104.</summary>
    public const int UnsafeContentLast = 430104;

    /// <summary>How a send that DingTalk answered with <paramref name="errcode"/> ended.</summary>
    public static DingTalkFailureKind Classify(int errcode) => errcode switch
    {
        Ok => DingTalkFailureKind.None,
        SendTooFast or Throttled => DingTalkFailureKind.Throttled,
        SystemBusy => DingTalkFailureKind.Transient,

        // Everything else — the documented configuration and content errors and any code we don't know — cannot
        // succeed by sending the same message again; retrying an unknown code would only burn the minute's budget.
        _ => DingTalkFailureKind.Permanent,
    };

    /// <summary>Whether a 310000 answer says the timestamp was refused, which a re-signed retry may fix.</summary>
    public static bool IsInvalidTimestamp(int errcode, string? errmsg)
        => errcode == SecurityCheckFailed && Contains(errmsg, "timestamp");

    /// <summary>What the user should do about <paramref name="errcode"/>, given DingTalk's <paramref name="errmsg"/>.</summary>
    public static string Advice(int errcode, string? errmsg) => errcode switch
    {
        Ok => "nothing: the message was accepted",
        SystemBusy => "DingTalk was busy; the message is retried later",
        SendTooFast or Throttled =>
            "the robot was throttled for 10 minutes after 20 messages in a minute; send fewer messages (the digest consolidates them) or spread them over several robots",
        SecurityCheckFailed => SecurityAdvice(errmsg),
        TokenNotFound or InvalidToken => "the access_token is wrong or the robot was deleted; copy the webhook again from the robot's settings",
        RobotDisabled => "the robot was disabled; enable it again in the group's robot settings",
        RobotNotInGroup => "the robot is no longer in the group; add it again and copy its new webhook",
        GroupDissolved => "the group was dissolved; point the webhook at a robot in a group that exists",
        UnsupportedMessageType => "DingTalk does not support this msgtype (a bug in this library; please report it)",
        InvalidParameter => "a field of the message is missing or invalid, such as an empty markdown title (a bug in this library, or an empty field in the message)",
        BodyTooLarge or BodyTooLargeLegacy => "the message is over DingTalk's " + DingTalkRobotOptions.MaxBodyBytes.ToString(CultureInfo.InvariantCulture) + "-byte limit; shorten it",
        >= UnsafeContentFirst and <= UnsafeContentLast =>
            "DingTalk's content check refused the message (an unsafe link or inappropriate text, image or content); change the content",
        _ => "an errcode this library does not know; see DingTalk's documentation for the custom robot",
    };

    private static string SecurityAdvice(string? errmsg)
    {
        if (Contains(errmsg, "keyword"))
        {
            return "the message lacks one of the robot's custom keywords; set Keywords to the robot's keywords";
        }

        if (Contains(errmsg, "sign"))
        {
            return "the secret does not match the robot's 加签 secret; copy it again from the robot's security settings";
        }

        if (Contains(errmsg, "timestamp"))
        {
            return "the request's timestamp was refused: this machine's clock is probably more than an hour off DingTalk's; synchronise it (NTP)";
        }

        if (Contains(errmsg, "whitelist") || Contains(errmsg, "ip "))
        {
            return "your IP is not in the robot's allow-list (IP 地址段); add this machine's public IP to the robot's security settings";
        }

        return "the robot's security check failed (keywords, 加签 secret or IP allow-list); compare the robot's security settings with the options";
    }

    private static bool Contains(string? text, string value)
        => text is not null && text.IndexOf(value, StringComparison.OrdinalIgnoreCase) >= 0;
}
