using System.Text.Json;

namespace DingTalk.Robot;

/// <summary>
/// A message for a DingTalk custom robot: one of <see cref="TextMessage"/>, <see cref="MarkdownMessage"/>,
/// <see cref="LinkMessage"/>, <see cref="ActionCardMessage"/> or <see cref="FeedCardMessage"/>.
/// </summary>
public abstract class DingTalkMessage
{
    private protected DingTalkMessage()
    {
    }

    /// <summary>
    /// Who to @-mention. DingTalk only notifies a mobile or user id whose <c>@mobile</c> / <c>@userid</c> token also
    /// appears in the text. Link and feed-card messages cannot mention anyone; for them this is not sent.
    /// </summary>
    public Mentions? At { get; set; }

    /// <summary>
    /// An idempotency key: DingTalk does not post a second message with the same key, which makes retries safe.
    /// The robot client sets one when it is <see langword="null"/>.
    /// </summary>
    public string? MsgUuid { get; set; }

    /// <summary>The wire name of the message type, such as <c>markdown</c>.</summary>
    internal abstract string MsgType { get; }

    /// <summary>Whether the message type supports the <c>at</c> object.</summary>
    internal virtual bool SupportsMentions => true;

    /// <summary>Writes the type-specific object (the value of the property named <see cref="MsgType"/>).</summary>
    /// <param name="writer">The writer, positioned inside the root object.</param>
    /// <param name="appendToText">Text to append to the main text field (the keyword), or <see langword="null"/>.</param>
    internal abstract void WriteContent(Utf8JsonWriter writer, string? appendToText);

    /// <summary>Whether any of the fields DingTalk searches for a security keyword contains <paramref name="keyword"/>.</summary>
    internal abstract bool ContainsText(string keyword);
}
