using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace DingTalk.Robot.Testing.Internal;

/// <summary>
/// Checks that a message body has the fields its <c>msgtype</c> requires, with DingTalk's exact (case-sensitive)
/// names, and reads what the emulator records. A JSON <c>null</c> counts as absent, an empty or blank string as missing.
/// </summary>
internal static class MessageShape
{
    /// <summary>Reads a parsed body; on failure <paramref name="rejection"/> is DingTalk's answer.</summary>
    public static bool TryRead(JsonElement root, [NotNullWhen(true)] out MessageContent? content, out Answer rejection)
    {
        Answer? error = null;
        content = TryGet(root, "msgtype", out var msgType) && msgType.ValueKind == JsonValueKind.String
            ? msgType.GetString() switch
            {
                "text" => ReadText(root, ref error),
                "markdown" => ReadMarkdown(root, ref error),
                "link" => ReadLink(root, ref error),
                "actionCard" => ReadActionCard(root, ref error),
                "feedCard" => ReadFeedCard(root, ref error),
                _ => null,
            }
            : null;

        if (content is not null && error is null)
        {
            rejection = default;
            return true;
        }

        content = null;
        rejection = error ?? Answer.UnsupportedMsgType;
        return false;
    }

    private static MessageContent ReadText(JsonElement root, ref Answer? error)
    {
        var text = RequiredObject(root, "text", "text", ref error);
        var content = RequiredString(text, "content", "text.content", ref error);
        return Build("text", null, content, [content], root, canMention: true, ref error);
    }

    private static MessageContent ReadMarkdown(JsonElement root, ref Answer? error)
    {
        var markdown = RequiredObject(root, "markdown", "markdown", ref error);
        var title = RequiredString(markdown, "title", "markdown.title", ref error);
        var text = RequiredString(markdown, "text", "markdown.text", ref error);
        return Build("markdown", title, text, [text], root, canMention: true, ref error);
    }

    private static MessageContent ReadLink(JsonElement root, ref Answer? error)
    {
        var link = RequiredObject(root, "link", "link", ref error);
        var title = RequiredString(link, "title", "link.title", ref error);
        var text = RequiredString(link, "text", "link.text", ref error);
        RequiredString(link, "messageUrl", "link.messageUrl", ref error);
        OptionalString(link, "picUrl", "link.picUrl", ref error);
        return Build("link", title, text, [title, text], root, canMention: false, ref error);
    }

    private static MessageContent ReadActionCard(JsonElement root, ref Answer? error)
    {
        var card = RequiredObject(root, "actionCard", "actionCard", ref error);
        var title = RequiredString(card, "title", "actionCard.title", ref error);
        var text = RequiredString(card, "text", "actionCard.text", ref error);
        var singleButton = TryGet(card, "singleTitle", out _) || TryGet(card, "singleURL", out _)
            || (!TryGet(card, "btns", out _) && FindMiscased(card, "singleURL") is not null);
        if (singleButton)
        {
            // btns is then ignored.
            RequiredString(card, "singleURL", "actionCard.singleURL", ref error);
            RequiredString(card, "singleTitle", "actionCard.singleTitle", ref error);
        }
        else
        {
            var buttons = RequiredArray(card, "btns", "actionCard.btns", ref error);
            for (var i = 0; i < buttons.Count; i++)
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"actionCard.btns[{i}]");
                var button = RequiredItemObject(buttons[i], path, ref error);
                RequiredString(button, "title", path + ".title", ref error);
                RequiredString(button, "actionURL", path + ".actionURL", ref error);
            }
        }

        return Build("actionCard", title, text, [title, text], root, canMention: true, ref error);
    }

    private static MessageContent ReadFeedCard(JsonElement root, ref Answer? error)
    {
        var card = RequiredObject(root, "feedCard", "feedCard", ref error);
        var links = RequiredArray(card, "links", "feedCard.links", ref error);
        var titles = new List<string>();
        for (var i = 0; i < links.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"feedCard.links[{i}]");
            var link = RequiredItemObject(links[i], path, ref error);
            titles.Add(RequiredString(link, "title", path + ".title", ref error));
            RequiredString(link, "messageURL", path + ".messageURL", ref error);
            RequiredString(link, "picURL", path + ".picURL", ref error);
        }

        return Build("feedCard", null, null, titles, root, canMention: false, ref error);
    }

    private static MessageContent Build(
        string msgType,
        string? title,
        string? text,
        IReadOnlyList<string> searchableTexts,
        JsonElement root,
        bool canMention,
        ref Answer? error)
    {
        var mobiles = Array.Empty<string>();
        var userIds = Array.Empty<string>();
        var atAll = false;
        if (TryGetOfKind(root, "at", "at", JsonValueKind.Object, "an object", ref error, out var at))
        {
            mobiles = OptionalStrings(at, "atMobiles", "at.atMobiles", ref error);
            userIds = OptionalStrings(at, "atUserIds", "at.atUserIds", ref error);
            if (TryGet(at, "isAtAll", out var isAtAll))
            {
                if (isAtAll.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    atAll = isAtAll.GetBoolean();
                }
                else
                {
                    error ??= Answer.InvalidParam("at.isAtAll", "true or false");
                }
            }
        }

        var missing = mobiles.Concat(userIds)
            .Where(value => !canMention || text is null || !text.Contains("@" + value, StringComparison.Ordinal))
            .ToArray();
        return new MessageContent(msgType, title, text, searchableTexts, mobiles, userIds, atAll, missing);
    }

    private static JsonElement RequiredObject(JsonElement parent, string name, string path, ref Answer? error)
    {
        if (Required(parent, name, path, ref error, out var value) && value.ValueKind != JsonValueKind.Object)
        {
            error = Answer.InvalidParam(path, "an object");
        }

        return value;
    }

    private static JsonElement RequiredItemObject(JsonElement item, string path, ref Answer? error)
    {
        if (error is null && item.ValueKind != JsonValueKind.Object)
        {
            error = Answer.InvalidParam(path, "an object");
        }

        return item;
    }

    private static string RequiredString(JsonElement parent, string name, string path, ref Answer? error)
    {
        if (!Required(parent, name, path, ref error, out var value))
        {
            return "";
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error = Answer.InvalidParam(path, "a string");
            return "";
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = Answer.MissingParam(path, "it is empty");
        }

        return text;
    }

    private static void OptionalString(JsonElement parent, string name, string path, ref Answer? error) =>
        TryGetOfKind(parent, name, path, JsonValueKind.String, "a string", ref error, out _);

    private static IReadOnlyList<JsonElement> RequiredArray(JsonElement parent, string name, string path, ref Answer? error)
    {
        if (!Required(parent, name, path, ref error, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            error = Answer.InvalidParam(path, "an array");
            return [];
        }

        if (value.GetArrayLength() == 0)
        {
            error = Answer.MissingParam(path, "it is empty");
        }

        return value.EnumerateArray().ToArray();
    }

    private static string[] OptionalStrings(JsonElement parent, string name, string path, ref Answer? error)
    {
        if (!TryGetOfKind(parent, name, path, JsonValueKind.Array, "an array of strings", ref error, out var array))
        {
            return [];
        }

        if (array.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            error ??= Answer.InvalidParam(path, "an array of strings");
            return [];
        }

        return array.EnumerateArray().Select(item => item.GetString()!).ToArray();
    }

    /// <summary>Gets a required property; when absent, sets <paramref name="error"/> (unless one is already set).</summary>
    private static bool Required(JsonElement parent, string name, string path, ref Answer? error, out JsonElement value)
    {
        value = default;
        if (error is not null)
        {
            return false;
        }

        if (TryGet(parent, name, out value))
        {
            return true;
        }

        var miscased = FindMiscased(parent, name);
        error = Answer.MissingParam(path, miscased is null ? null : $"found \"{miscased}\": names are case-sensitive");
        return false;
    }

    /// <summary>Gets an optional property that must be of <paramref name="kind"/> when present.</summary>
    private static bool TryGetOfKind(
        JsonElement parent,
        string name,
        string path,
        JsonValueKind kind,
        string expected,
        ref Answer? error,
        out JsonElement value)
    {
        if (error is not null || !TryGet(parent, name, out value))
        {
            value = default;
            return false;
        }

        if (value.ValueKind != kind)
        {
            error = Answer.InvalidParam(path, expected);
            return false;
        }

        return true;
    }

    private static bool TryGet(JsonElement parent, string name, out JsonElement value)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    private static string? FindMiscased(JsonElement parent, string name) =>
        parent.ValueKind != JsonValueKind.Object
            ? null
            : parent.EnumerateObject()
                .Select(property => property.Name)
                .FirstOrDefault(candidate => candidate != name && string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));
}
