using DingTalk.Robot.Testing;

namespace DingTalk.Testing.Shared.Reliability;

/// <summary>What every digest the robot accepted must look like, whatever the application logged.</summary>
internal static class DigestChecks
{
    /// <summary>
    /// The robot accepted it (so it was valid JSON within 20000 bytes, with the keyword), its mentions work, and
    /// nothing from the events became a mention or a link: the only '@' are the configured mention tokens.
    /// </summary>
    public static void AssertSafe(ReceivedMessage digest, IReadOnlyCollection<string> mentionTokens)
    {
        Assert.Equal("markdown", digest.MsgType);
        Assert.True(digest.BodyBytes <= 20_000, $"{digest.BodyBytes} bytes");
        Assert.Empty(digest.MentionsMissingFromText);
        var text = digest.Text ?? string.Empty;
        var withoutTokens = text;
        foreach (var token in mentionTokens)
        {
            withoutTokens = withoutTokens.Replace(token, string.Empty, StringComparison.Ordinal);
        }

        Assert.False(withoutTokens.Contains('@', StringComparison.Ordinal), "an '@' that is not a configured mention:\n" + text);
        Assert.False(text.Contains("](", StringComparison.Ordinal), "a markdown link:\n" + text);
        Assert.False((digest.Title ?? string.Empty).Contains('@', StringComparison.Ordinal), "an '@' in the title: " + digest.Title);
        foreach (var c in text)
        {
            Assert.True(c == '\n' || !char.IsControl(c), $"control character U+{(int)c:X4} in the text");
        }
    }

    /// <summary>Every request of the run was accepted: a refusal (oversize, bad JSON, missing keyword) would show here.</summary>
    public static void AssertAllAccepted(RobotEmulator robot)
        => Assert.All(robot.Requests, r => Assert.True(r.ErrCode == 0, "refused: " + r));
}
