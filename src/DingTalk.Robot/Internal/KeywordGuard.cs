namespace DingTalk.Robot.Internal;

/// <summary>
/// A robot with custom keywords rejects (310000) any message that contains none of them. Rather than let a log
/// message be refused, the client appends the first keyword when none is present.
/// </summary>
internal static class KeywordGuard
{
    /// <summary>
    /// The text to append to <paramref name="message"/>'s main text so that it carries a keyword, or
    /// <see langword="null"/> when it already does or the robot has no keywords.
    /// </summary>
    public static string? GetTextToAppend(DingTalkMessage message, IReadOnlyList<string> keywords)
    {
        if (keywords.Count == 0)
        {
            return null;
        }

        foreach (var keyword in keywords)
        {
            if (message.ContainsText(keyword))
            {
                return null;
            }
        }

        // A paragraph of its own where the text is (mark)down text; a single line (a title) gets a space.
        var separator = message is FeedCardMessage or LinkMessage ? " " : "\n\n";
        return separator + keywords[0];
    }
}
