using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Tests.Client;

public class SecretRedactorTests
{
    private readonly SecretRedactor _redactor = new(TestSecrets.AccessToken, TestSecrets.Secret);

    [Fact]
    public void Masks_the_token_and_the_secret()
        => Assert.Equal(
            "token *** and secret ***.",
            _redactor.Redact($"token {TestSecrets.AccessToken} and secret {TestSecrets.Secret}."));

    [Fact]
    public void Masks_a_URL_quoted_whole()
    {
        var sign = "9TXQOEuYDG7d%2F6TmIstVOVM5EOfpeZv%2FkssFLT6EP6A%3D";
        var text = $"Connection refused ({TestSecrets.WebhookUrl}&timestamp=1700000000000&sign={sign})";

        Assert.Equal(
            "Connection refused (https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1700000000000&sign=***)",
            _redactor.Redact(text, sign));
    }

    [Fact]
    public void Masks_the_sign_in_its_encoded_and_decoded_forms()
    {
        const string sign = "BQKsG%2BQOCl%2BbYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY%3D";

        var redacted = _redactor.Redact("a BQKsG+QOCl+bYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY= b bqksg%2bqocl%2bbyjolc6pxdhxjvquzlzpwgvrzen2j5zy%3d c", sign);

        Assert.Equal("a *** b *** c", redacted);
    }

    [Fact]
    public void Masks_any_sign_or_token_parameter_even_when_the_value_is_unknown()
        => Assert.Equal(
            "GET /robot/send?access_token=*** &sign=***&x=1",
            new SecretRedactor().Redact("GET /robot/send?access_token=other-token &sign=other%2Bsign&x=1"));

    [Fact]
    public void Masks_the_URL_encoded_form_of_a_secret()
    {
        var redactor = new SecretRedactor("tok/en+1", "SEC 秘密");

        Assert.Equal("*** *** *** ***", redactor.Redact("tok/en+1 tok%2Fen%2B1 SEC 秘密 SEC%20%E7%A7%98%E5%AF%86"));
    }

    [Fact]
    public void Leaves_other_text_alone()
    {
        Assert.Equal("keywords not in content", _redactor.Redact("keywords not in content"));
        Assert.Equal(string.Empty, _redactor.Redact(null));
    }
}
