using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DingTalk.Robot.Serialization;

/// <summary>
/// Writes a <see cref="DingTalkMessage"/> as the JSON body the webhook expects: the contract's exact field names
/// and casing, no nulls, and non-ASCII text left as UTF-8 (escaping Chinese to <c>\uXXXX</c> would triple its size
/// against the 20000-byte limit). A hand-driven <see cref="Utf8JsonWriter"/> rather than a serializer: the shape is
/// polymorphic and fixed, and this way there is no reflection (trimming and AOT safe) and no intermediate objects.
/// </summary>
internal static class DingTalkMessageWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Relaxed: leaves CJK and other BMP text unescaped. The body is never embedded in HTML, so '<' and '&' are safe.
        // Lone surrogates are still replaced by U+FFFD, so any .NET string yields valid JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Writes the body of <paramref name="message"/> to <paramref name="output"/>.</summary>
    /// <param name="output">Where the UTF-8 JSON goes.</param>
    /// <param name="message">The message.</param>
    /// <param name="msgUuid">The idempotency key to write (overrides the message's own), or <see langword="null"/>.</param>
    /// <param name="appendToText">Text appended to the main text field (a missing keyword), or <see langword="null"/>.</param>
    public static void Write(IBufferWriter<byte> output, DingTalkMessage message, string? msgUuid = null, string? appendToText = null)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("msgtype", message.MsgType);
        message.WriteContent(writer, appendToText);
        if (message.SupportsMentions && message.At is { } at)
        {
            WriteMentions(writer, at);
        }

        var uuid = msgUuid ?? message.MsgUuid;
        if (uuid is not null)
        {
            writer.WriteString("msgUuid", uuid);
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>Returns the body of <paramref name="message"/> as a new array.</summary>
    public static byte[] ToUtf8Bytes(DingTalkMessage message, string? msgUuid = null, string? appendToText = null)
    {
        using var buffer = new PooledBufferWriter();
        Write(buffer, message, msgUuid, appendToText);
        return buffer.ToArray();
    }

    private static void WriteMentions(Utf8JsonWriter writer, Mentions at)
    {
        writer.WriteStartObject("at");
        if (at.AtMobiles is { Count: > 0 } mobiles)
        {
            WriteArray(writer, "atMobiles", mobiles);
        }

        if (at.AtUserIds is { Count: > 0 } userIds)
        {
            WriteArray(writer, "atUserIds", userIds);
        }

        writer.WriteBoolean("isAtAll", at.IsAtAll);
        writer.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, IList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            if (value is not null)
            {
                writer.WriteStringValue(value);
            }
        }

        writer.WriteEndArray();
    }
}
