namespace DingTalk.Robot.Tests.Client;

/// <summary>Credentials whose presence in any text a test can look for.</summary>
internal static class TestSecrets
{
    public const string AccessToken = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public const string Secret = "SEC3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b";

    public const string WebhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=" + AccessToken;

    /// <summary>Fails when <paramref name="text"/> contains the token, the secret or <paramref name="signs"/>, in any common form.</summary>
    public static void AssertNoSecrets(string? text, IEnumerable<string>? signs = null)
    {
        if (text is null)
        {
            return;
        }

        var forbidden = new List<string> { AccessToken, Secret, Uri.EscapeDataString(Secret) };
        foreach (var sign in signs ?? Array.Empty<string>())
        {
            forbidden.Add(sign);
            forbidden.Add(Uri.UnescapeDataString(sign));
        }

        foreach (var value in forbidden)
        {
            Assert.False(
                text.Contains(value, StringComparison.OrdinalIgnoreCase),
                $"A credential leaked into: {text}");
        }

        Assert.DoesNotContain("access_token=" + AccessToken.Substring(0, 4), text, StringComparison.OrdinalIgnoreCase);
    }
}
