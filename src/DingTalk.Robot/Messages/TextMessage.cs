using System.Text.Json;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot;

/// <summary>A plain-text message (<c>msgtype: text</c>).</summary>
public sealed class TextMessage : DingTalkMessage
{
    /// <summary>Creates a text message.</summary>
    /// <param name="content">The text. To mention someone, include <c>@mobile</c> or <c>@userid</c> in it.</param>
    public TextMessage(string content) => Content = Guard.NotNullOrEmpty(content, nameof(content));

    /// <summary>The text.</summary>
    public string Content { get; }

    internal override string MsgType => "text";

    internal override void WriteContent(Utf8JsonWriter writer, string? appendToText)
    {
        writer.WriteStartObject(MsgType);
        writer.WriteString("content", appendToText is null ? Content : Content + appendToText);
        writer.WriteEndObject();
    }

    internal override bool ContainsText(string keyword) => Content.Contains(keyword);
}
