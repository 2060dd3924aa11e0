using System.Text.Json;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot;

/// <summary>A markdown message (<c>msgtype: markdown</c>): the type of the digests this library sends.</summary>
public sealed class MarkdownMessage : DingTalkMessage
{
    /// <summary>Creates a markdown message.</summary>
    /// <param name="title">What the notification and the conversation list show.</param>
    /// <param name="text">The markdown text (DingTalk's subset: headings, quotes, bold, italic, links, images, lists).</param>
    public MarkdownMessage(string title, string text)
    {
        Title = Guard.NotNullOrEmpty(title, nameof(title));
        Text = Guard.NotNullOrEmpty(text, nameof(text));
    }

    /// <summary>What the notification and the conversation list show.</summary>
    public string Title { get; }

    /// <summary>The markdown text.</summary>
    public string Text { get; }

    internal override string MsgType => "markdown";

    internal override void WriteContent(Utf8JsonWriter writer, string? appendToText)
    {
        writer.WriteStartObject(MsgType);
        writer.WriteString("title", Title);
        writer.WriteString("text", appendToText is null ? Text : Text + appendToText);
        writer.WriteEndObject();
    }

    internal override bool ContainsText(string keyword) => Text.Contains(keyword);
}
