using System.Security.Cryptography;
using System.Text;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Tests.Client;

public class DingTalkSignerTests
{
    private const string PublishedSecret = "SECb90923e19e58b466481e9e7b7a5b4f108a4531abde590ad3967fb29f0eae5c68";

    [Fact]
    public void Matches_the_published_known_answer_vector()
        => Assert.Equal("BQKsG%2BQOCl%2BbYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY%3D", DingTalkSigner.ComputeSign(1582163555000, PublishedSecret));

    // Timestamps chosen so that the Base64 holds '/', '+', and both (every 32-byte digest ends in '=').
    [Theory]
    [InlineData(1700000000000L, PublishedSecret, '/')]
    [InlineData(1700000000002L, PublishedSecret, '+')]
    [InlineData(1700000000006L, PublishedSecret, '+')]
    [InlineData(1700000000006L, PublishedSecret, '/')]
    [InlineData(1700000000000L, "SEC这是中文密钥", '+')]
    public void Url_encodes_every_Base64_character_that_is_not_URL_safe(long timestamp, string secret, char expectedInBase64)
    {
        var base64 = IndependentBase64(timestamp, secret);
        Assert.Contains(expectedInBase64, base64);
        Assert.EndsWith("=", base64);

        var sign = DingTalkSigner.ComputeSign(timestamp, secret);

        Assert.Equal(Uri.EscapeDataString(base64), sign);
        Assert.DoesNotContain('+', sign);
        Assert.DoesNotContain('/', sign);
        Assert.DoesNotContain('=', sign);
    }

    [Fact]
    public void Handles_secrets_longer_than_the_stack_buffer()
    {
        var secret = "SEC" + new string('x', 2000);
        Assert.Equal(Uri.EscapeDataString(IndependentBase64(1700000000000, secret)), DingTalkSigner.ComputeSign(1700000000000, secret));
    }

    [Fact]
    public void Appends_timestamp_and_sign_to_the_configured_webhook()
    {
        var url = DingTalkSigner.BuildRequestUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", PublishedSecret, 1582163555000, out var sign);

        Assert.Equal("BQKsG%2BQOCl%2BbYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY%3D", sign);
        Assert.Equal("https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1582163555000&sign=BQKsG%2BQOCl%2BbYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY%3D", url);
    }

    [Fact]
    public void Leaves_the_webhook_alone_when_the_robot_does_not_sign()
    {
        var url = DingTalkSigner.BuildRequestUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", null, 1582163555000, out var sign);

        Assert.Null(sign);
        Assert.Equal("https://oapi.dingtalk.com/robot/send?access_token=abc", url);
    }

    [Fact]
    public void Signs_each_timestamp_afresh_instead_of_growing_the_url()
    {
        const string webhook = "https://oapi.dingtalk.com/robot/send?access_token=abc";
        var first = DingTalkSigner.BuildRequestUrl(webhook, PublishedSecret, 1700000000000, out var firstSign);
        var second = DingTalkSigner.BuildRequestUrl(webhook, PublishedSecret, 1700000000001, out var secondSign);

        Assert.NotEqual(firstSign, secondSign);
        Assert.Equal(webhook + "&timestamp=1700000000000&sign=" + firstSign, first);
        Assert.Equal(webhook + "&timestamp=1700000000001&sign=" + secondSign, second);
    }

    [Fact]
    public void The_sign_survives_Uri_parsing_unchanged()
    {
        var url = DingTalkSigner.BuildRequestUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", PublishedSecret, 1700000000006, out var sign);

        // HttpClient sends Uri.AbsoluteUri: the escapes must not be undone on the way.
        Assert.Contains("sign=" + sign, new Uri(url).AbsoluteUri);
    }

    private static string IndependentBase64(long timestamp, string secret)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(timestamp + "\n" + secret)));
    }
}
