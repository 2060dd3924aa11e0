using System.Globalization;

namespace DingTalk.Robot.Testing.Internal;

/// <summary>A DingTalk JSON answer, <c>{"errcode":ErrCode,"errmsg":ErrMsg}</c>, and the ones the robot gives.</summary>
internal readonly record struct Answer(int ErrCode, string ErrMsg)
{
    public static Answer Ok { get; } = new(0, "ok");

    public static Answer TokenNotExist { get; } = new(300001, "token is not exist");

    public static Answer InvalidContentType { get; } = new(43004, "无效的HTTP HEADER Content-Type");

    public static Answer SignMissing { get; } = new(310000, "sign not match");

    public static Answer InvalidTimestamp { get; } = new(310000, "invalid timestamp");

    public static Answer SignMismatch { get; } =
        new(310000, "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]");

    public static Answer KeywordsNotInContent { get; } = new(310000, "keywords not in content");

    public static Answer InvalidBody { get; } = new(400402, "invalid parameter: the body is not a UTF-8 JSON object");

    public static Answer UnsupportedMsgType { get; } = new(400105, "unsupported msgtype");

    public bool IsOk => ErrCode == 0;

    public static Answer Throttled(int messagesPerMinute) =>
        new(130101, string.Create(CultureInfo.InvariantCulture, $"send too fast, exceed {messagesPerMinute} times per minute"));

    public static Answer TooLong(int maxBodyBytes) =>
        new(460101, string.Create(CultureInfo.InvariantCulture, $"message too long, exceed {maxBodyBytes} bytes"));

    public static Answer MissingParam(string path, string? hint = null) =>
        new(400402, hint is null ? $"missing param {path}" : $"missing param {path} ({hint})");

    public static Answer InvalidParam(string path, string expected) => new(400402, $"invalid param {path}: expected {expected}");
}
