using System.Globalization;
using System.Text.Json;
using DingTalk.Robot.Testing.Internal;

namespace DingTalk.Robot.Testing;

/// <summary>
/// A message the emulated robot accepted and would have posted to its group. Received messages are recorded in
/// <see cref="RobotEmulator.Messages"/>; a duplicate <c>msgUuid</c> is answered "ok" but not recorded twice.
/// </summary>
public sealed class ReceivedMessage
{
    internal ReceivedMessage(
        DateTimeOffset receivedAt,
        string body,
        int bodyBytes,
        JsonElement json,
        string? msgUuid,
        MessageContent content)
    {
        ReceivedAt = receivedAt;
        Body = body;
        BodyBytes = bodyBytes;
        Json = json;
        MsgUuid = msgUuid;
        MsgType = content.MsgType;
        Title = content.Title;
        Text = content.Text;
        AtMobiles = content.AtMobiles;
        AtUserIds = content.AtUserIds;
        IsAtAll = content.IsAtAll;
        MentionsMissingFromText = content.MentionsMissingFromText;
    }

    /// <summary>When the message was accepted, by <see cref="RobotEmulatorOptions.TimeProvider"/>: the instant the rate window counts.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The <c>msgtype</c>: <c>text</c>, <c>markdown</c>, <c>link</c>, <c>actionCard</c> or <c>feedCard</c>.</summary>
    public string MsgType { get; }

    /// <summary>The request body as received (JSON).</summary>
    public string Body { get; }

    /// <summary>The <c>msgUuid</c> idempotency key, if the message had one.</summary>
    public string? MsgUuid { get; }

    /// <summary>The title of a markdown, link or actionCard message; <see langword="null"/> for text and feedCard.</summary>
    public string? Title { get; }

    /// <summary>
    /// The text: <c>text.content</c>, <c>markdown.text</c>, or the <c>text</c> of a link or actionCard;
    /// <see langword="null"/> for feedCard (read its links from <see cref="Json"/>).
    /// </summary>
    public string? Text { get; }

    /// <summary>The mobile numbers in <c>at.atMobiles</c> (empty when none).</summary>
    public IReadOnlyList<string> AtMobiles { get; }

    /// <summary>The user ids in <c>at.atUserIds</c> (empty when none).</summary>
    public IReadOnlyList<string> AtUserIds { get; }

    /// <summary>Whether <c>at.isAtAll</c> was <see langword="true"/>.</summary>
    public bool IsAtAll { get; }

    /// <summary>
    /// The mentions that will not work: each value of <c>at.atMobiles</c> and <c>at.atUserIds</c> whose
    /// <c>@value</c> token does not appear in <see cref="Text"/> (DingTalk only notifies people whose token is in the
    /// text). Link and feedCard messages cannot mention, so every mention they carry is listed. Empty when all work.
    /// </summary>
    public IReadOnlyList<string> MentionsMissingFromText { get; }

    /// <summary>The size of the request body in bytes.</summary>
    public int BodyBytes { get; }

    /// <summary>The parsed body, for assertions (independent of any document: safe to keep).</summary>
    public JsonElement Json { get; }

    /// <summary>Describes the message in one line.</summary>
    /// <returns>The type, title or start of the text, and size.</returns>
    public override string ToString()
    {
        var label = Title ?? Text ?? "";
        if (label.Length > 40)
        {
            label = string.Concat(label.AsSpan(0, 40), "…");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{MsgType} \"{label}\" ({BodyBytes} B)");
    }
}
