using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Tests.Client;

public class DingTalkErrorCodesTests
{
    [Theory]
    [InlineData(0, DingTalkFailureKind.None)]
    [InlineData(-1, DingTalkFailureKind.Transient)]
    [InlineData(130101, DingTalkFailureKind.Throttled)]
    [InlineData(410100, DingTalkFailureKind.Throttled)]
    [InlineData(310000, DingTalkFailureKind.Permanent)]
    [InlineData(300001, DingTalkFailureKind.Permanent)]
    [InlineData(400101, DingTalkFailureKind.Permanent)]
    [InlineData(400102, DingTalkFailureKind.Permanent)]
    [InlineData(400106, DingTalkFailureKind.Permanent)]
    [InlineData(400013, DingTalkFailureKind.Permanent)]
    [InlineData(400105, DingTalkFailureKind.Permanent)]
    [InlineData(400402, DingTalkFailureKind.Permanent)]
    [InlineData(460101, DingTalkFailureKind.Permanent)]
    [InlineData(101002, DingTalkFailureKind.Permanent)]
    [InlineData(430101, DingTalkFailureKind.Permanent)]
    [InlineData(430102, DingTalkFailureKind.Permanent)]
    [InlineData(430103, DingTalkFailureKind.Permanent)]
    [InlineData(430104, DingTalkFailureKind.Permanent)]
    [InlineData(123456, DingTalkFailureKind.Permanent)]
    [InlineData(-2, DingTalkFailureKind.Permanent)]
    public void Classifies_every_documented_code(int errcode, DingTalkFailureKind expected)
        => Assert.Equal(expected, DingTalkErrorCodes.Classify(errcode));

    [Theory]
    [InlineData(310000, "keywords not in content, more: [https://ding-doc]", "lacks one of the robot's custom keywords")]
    [InlineData(310000, "sign not match, more: [https://ding-doc]", "does not match the robot's 加签 secret")]
    [InlineData(310000, "invalid timestamp", "clock")]
    [InlineData(310000, "ip 1.2.3.4 not in whitelist", "not in the robot's allow-list")]
    [InlineData(310000, "something new", "security check failed")]
    [InlineData(300001, "token is not exist", "access_token is wrong or the robot was deleted")]
    [InlineData(400101, null, "access_token is wrong or the robot was deleted")]
    [InlineData(400102, "robot 不存在", "robot was disabled")]
    [InlineData(400106, null, "no longer in the group")]
    [InlineData(400013, null, "group was dissolved")]
    [InlineData(400105, null, "msgtype")]
    [InlineData(400402, null, "missing or invalid")]
    [InlineData(460101, null, "20000-byte")]
    [InlineData(101002, null, "20000-byte")]
    [InlineData(430103, null, "content check")]
    [InlineData(130101, "send too fast", "throttled for 10 minutes after 20 messages in a minute")]
    [InlineData(410100, null, "throttled for 10 minutes after 20 messages in a minute")]
    [InlineData(-1, "系统繁忙", "busy")]
    [InlineData(777, null, "does not know")]
    public void GivesAdviceAUserCanActOn(int errcode, string? errmsg, string expected)
        => Assert.Contains(expected, DingTalkErrorCodes.Advice(errcode, errmsg), StringComparison.Ordinal);

    [Theory]
    [InlineData(310000, "invalid timestamp", true)]
    [InlineData(310000, "sign not match", false)]
    [InlineData(400101, "timestamp", false)]
    [InlineData(310000, null, false)]
    public void Recognises_an_invalid_timestamp(int errcode, string? errmsg, bool expected)
        => Assert.Equal(expected, DingTalkErrorCodes.IsInvalidTimestamp(errcode, errmsg));
}
