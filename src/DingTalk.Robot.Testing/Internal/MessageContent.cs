namespace DingTalk.Robot.Testing.Internal;

/// <summary>What <see cref="MessageShape"/> read from a well-formed message.</summary>
/// <param name="MsgType">The msgtype.</param>
/// <param name="Title">markdown/link/actionCard title.</param>
/// <param name="Text">text.content, markdown.text or the link/actionCard text.</param>
/// <param name="SearchableTexts">Where keywords are looked for.</param>
/// <param name="AtMobiles">at.atMobiles.</param>
/// <param name="AtUserIds">at.atUserIds.</param>
/// <param name="IsAtAll">at.isAtAll.</param>
/// <param name="MentionsMissingFromText">Mentions that will not work.</param>
internal sealed record MessageContent(
    string MsgType,
    string? Title,
    string? Text,
    IReadOnlyList<string> SearchableTexts,
    IReadOnlyList<string> AtMobiles,
    IReadOnlyList<string> AtUserIds,
    bool IsAtAll,
    IReadOnlyList<string> MentionsMissingFromText);
