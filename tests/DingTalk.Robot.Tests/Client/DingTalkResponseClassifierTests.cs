using System.Net;
using System.Text;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Tests.Client;

public class DingTalkResponseClassifierTests
{
    [Theory]
    [InlineData(200, """{"errcode":0,"errmsg":"ok"}""", DingTalkFailureKind.None, 0)]
    [InlineData(200, """{"errmsg":"ok","errcode":0,"extra":[1,2]}""", DingTalkFailureKind.None, 0)]
    [InlineData(200, """{"errcode":"0","errmsg":"ok"}""", DingTalkFailureKind.None, 0)]
    [InlineData(200, """{"errcode":130101,"errmsg":"send too fast"}""", DingTalkFailureKind.Throttled, 130101)]
    [InlineData(200, """{"errcode":410100,"errmsg":"throttled"}""", DingTalkFailureKind.Throttled, 410100)]
    [InlineData(200, """{"errcode":-1,"errmsg":"系统繁忙"}""", DingTalkFailureKind.Transient, -1)]
    [InlineData(200, """{"errcode":310000,"errmsg":"keywords not in content"}""", DingTalkFailureKind.Permanent, 310000)]
    [InlineData(200, """{"errcode":400101,"errmsg":"token not exist"}""", DingTalkFailureKind.Permanent, 400101)]
    [InlineData(503, """{"errcode":0,"errmsg":"ok"}""", DingTalkFailureKind.Transient, 0)]
    [InlineData(400, """{"errcode":400402,"errmsg":"missing title"}""", DingTalkFailureKind.Permanent, 400402)]
    public void ClassifiesJsonAnswers(int status, string body, DingTalkFailureKind expected, int expectedCode)
    {
        var outcome = Classify(status, body);

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(expectedCode, outcome.ErrCode);
        Assert.Equal(status, outcome.HttpStatus);
        Assert.False(string.IsNullOrEmpty(outcome.ErrMsg));
    }

    [Theory]
    [InlineData(200, "<html>gateway</html>", DingTalkFailureKind.Transient)]
    [InlineData(200, "", DingTalkFailureKind.Transient)]
    [InlineData(200, "{}", DingTalkFailureKind.Transient)]
    [InlineData(200, "null", DingTalkFailureKind.Transient)]
    [InlineData(200, """{"errcode":"abc"}""", DingTalkFailureKind.Transient)]
    [InlineData(500, "oops", DingTalkFailureKind.Transient)]
    [InlineData(502, "<html>bad gateway</html>", DingTalkFailureKind.Transient)]
    [InlineData(408, "", DingTalkFailureKind.Transient)]
    [InlineData(429, "", DingTalkFailureKind.Transient)]
    [InlineData(404, "<html>not found</html>", DingTalkFailureKind.Permanent)]
    [InlineData(403, "", DingTalkFailureKind.Permanent)]
    [InlineData(301, "", DingTalkFailureKind.Permanent)]
    [InlineData(302, "<html>moved</html>", DingTalkFailureKind.Permanent)]
    public void Classifies_answers_that_are_not_DingTalks_JSON(int status, string body, DingTalkFailureKind expected)
    {
        var outcome = Classify(status, body);

        Assert.Equal(expected, outcome.Kind);
        Assert.Null(outcome.ErrCode);
        Assert.Contains($"HTTP {status}", outcome.ErrMsg, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_timestamp_points_at_clock_skew()
        => Assert.Contains("clock skew", Classify(200, """{"errcode":310000,"errmsg":"invalid timestamp"}""").ErrMsg, StringComparison.Ordinal);

    [Fact]
    public void DingTalks_message_is_redacted()
    {
        var outcome = DingTalkResponseClassifier.Classify(
            HttpStatusCode.OK,
            Encoding.UTF8.GetBytes($$"""{"errcode":300001,"errmsg":"token {{TestSecrets.AccessToken}} not exist"}"""),
            text => new SecretRedactor(TestSecrets.AccessToken).Redact(text));

        Assert.Equal("token *** not exist", outcome.ErrMsg);
    }

    private static AttemptOutcome Classify(int status, string body)
        => DingTalkResponseClassifier.Classify((HttpStatusCode)status, Encoding.UTF8.GetBytes(body), static text => text ?? string.Empty);
}
