using System.Globalization;
using System.Text;
using System.Text.Json;
using DingTalk.Robot.Testing.Preview;

namespace DingTalk.Robot.Testing;

/// <summary>
/// Renders the messages a robot received the way the DingTalk app shows them in a group chat on a phone, as one
/// self-contained HTML page: for a look at what the on-call person will see, and for screenshots (see
/// <c>scripts/render-preview.sh</c>, which turns the page into a PNG with headless Chromium).
/// </summary>
/// <remarks>
/// <para>
/// Each message gets the robot's avatar, name and time and a bubble: a markdown message shows its title as the
/// notification line (what the lock screen and the conversation list show), then the rendered markdown; a text
/// message shows its text as it is; link, actionCard and feedCard messages are drawn as simple cards with their
/// titles, texts and buttons. The <c>@mobile</c> and <c>@userid</c> tokens of the message's mentions are blue, as in
/// DingTalk (a token that is not in <c>at</c> stays plain text, as it would there).
/// </para>
/// <para>
/// The markdown is DingTalk's subset only (headings, quotes, bold, italic, links, images, lists and
/// <c>&lt;font color=#rrggbb&gt;</c>); a single newline is shown as a space, the worst case among DingTalk's clients.
/// Message text is HTML-encoded before any markup is applied: it cannot inject HTML or script, links are not live
/// and images are placeholders. The page loads nothing (inline CSS and SVG, no script, and a Content-Security-Policy
/// that forbids every fetch), so it renders the same offline.
/// </para>
/// <para>Times are shown in the local time zone of the machine that renders the page.</para>
/// </remarks>
/// <example>
/// <code>
/// await using var robot = await RobotEmulator.StartAsync();
/// // ... let the client under test send its digests to robot.WebhookUrl ...
/// File.WriteAllText("chat.html", ChatPreview.RenderHtml(robot.Messages, "On-call"), new UTF8Encoding(false));
/// // scripts/render-preview.sh chat.html chat.png
/// </code>
/// </example>
public static class ChatPreview
{
    private const string RobotName = "Robot";

    /// <summary>Renders <paramref name="messages"/> as a DingTalk group chat: a complete HTML page (UTF-8, no external resources).</summary>
    /// <param name="messages">The messages, in the order they are shown (oldest first), e.g. <see cref="RobotEmulator.Messages"/>.</param>
    /// <param name="groupName">The group's name, shown in the header.</param>
    /// <returns>The page, to be saved as UTF-8.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/>, one of them, or <paramref name="groupName"/> is <see langword="null"/>.</exception>
    public static string RenderHtml(IEnumerable<ReceivedMessage> messages, string groupName = "On-call")
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(groupName);
        var list = messages.ToList();
        if (list.Contains(null!))
        {
            throw new ArgumentNullException(nameof(messages), "A message is null.");
        }

        var name = MarkdownRenderer.Encode(groupName);
        var html = new StringBuilder(4096 + (list.Sum(m => m.BodyBytes) * 2));
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(name).Append(" · DingTalk chat preview</title>\n")
            .Append("<style>").Append(ChatPreviewStyle.Css).Append("</style>\n</head>\n<body>\n")
            .Append("<div class=\"phone\">\n<header class=\"bar\"><span class=\"back\">").Append(ChatPreviewStyle.BackIcon)
            .Append("</span><span class=\"group\">").Append(name)
            .Append("</span><span class=\"more\">").Append(ChatPreviewStyle.MoreIcon).Append("</span></header>\n<main class=\"chat\">\n");

        if (list.Count == 0)
        {
            html.Append("<div class=\"day\">No messages</div>\n");
        }

        DateOnly? day = null;
        foreach (var message in list)
        {
            var local = message.ReceivedAt.ToLocalTime();
            var date = DateOnly.FromDateTime(local.DateTime);
            if (date != day)
            {
                day = date;
                html.Append("<div class=\"day\">").Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</div>\n");
            }

            AppendMessage(html, message, local);
        }

        html.Append("</main>\n<footer class=\"input\"><span class=\"voice\">").Append(ChatPreviewStyle.VoiceIcon)
            .Append("</span><span class=\"field\"></span><span class=\"plus\">").Append(ChatPreviewStyle.PlusIcon)
            .Append("</span></footer>\n</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendMessage(StringBuilder html, ReceivedMessage message, DateTimeOffset local)
    {
        html.Append("<div class=\"msg ").Append(MarkdownRenderer.Encode(message.MsgType)).Append("\">")
            .Append("<div class=\"avatar\">").Append(ChatPreviewStyle.RobotAvatar).Append("</div>")
            .Append("<div class=\"main\"><div class=\"meta\"><span class=\"name\">").Append(RobotName)
            .Append("</span><span class=\"badge\">机器人</span><span class=\"time\">")
            .Append(local.ToString("HH:mm", CultureInfo.InvariantCulture)).Append("</span></div>");

        var root = message.Json;
        switch (message.MsgType)
        {
            case "markdown":
                html.Append("<div class=\"bubble card\">");
                AppendNotice(html, message.Title);
                html.Append("<div class=\"md\">").Append(Renderer(message).Render(message.Text)).Append("</div></div>");
                break;
            case "link":
                AppendLink(html, Child(root, "link"));
                break;
            case "actionCard":
                AppendActionCard(html, message, Child(root, "actionCard"));
                break;
            case "feedCard":
                AppendFeedCard(html, Child(root, "feedCard"));
                break;
            default: // "text", and anything the emulator might accept one day
                html.Append("<div class=\"bubble text\">").Append(Renderer(message).RenderPlain(message.Text)).Append("</div>");
                break;
        }

        html.Append("</div></div>\n");
    }

    // Mentions are highlighted where DingTalk honours them: text, markdown and actionCard messages.
    private static MarkdownRenderer Renderer(ReceivedMessage message) =>
        new(message.MsgType is "link" or "feedCard" ? [] : message.AtMobiles.Concat(message.AtUserIds));

    private static void AppendNotice(StringBuilder html, string? title)
    {
        if (!string.IsNullOrWhiteSpace(title))
        {
            html.Append("<div class=\"notice\">").Append(ChatPreviewStyle.BellIcon).Append("<span>")
                .Append(MarkdownRenderer.Encode(title)).Append("</span></div>");
        }
    }

    private static void AppendLink(StringBuilder html, JsonElement link)
    {
        html.Append("<div class=\"bubble card link\"><div class=\"card-title\">").Append(MarkdownRenderer.Encode(String(link, "title")))
            .Append("</div><div class=\"card-row\"><div class=\"card-text\">").Append(MarkdownRenderer.Encode(String(link, "text")))
            .Append("</div>");
        AppendThumb(html, String(link, "picUrl"), "thumb");
        html.Append("</div>");
        AppendSource(html, String(link, "messageUrl"));
        html.Append("</div>");
    }

    private static void AppendActionCard(StringBuilder html, ReceivedMessage message, JsonElement card)
    {
        html.Append("<div class=\"bubble card action\">");
        AppendNotice(html, message.Title);
        html.Append("<div class=\"md\">").Append(Renderer(message).Render(message.Text)).Append("</div>");

        var single = String(card, "singleTitle");
        var buttons = new List<string>();
        if (!string.IsNullOrEmpty(single) && !string.IsNullOrEmpty(String(card, "singleURL")))
        {
            buttons.Add(single);
        }
        else if (card.ValueKind == JsonValueKind.Object && card.TryGetProperty("btns", out var btns) && btns.ValueKind == JsonValueKind.Array)
        {
            buttons.AddRange(btns.EnumerateArray().Select(b => String(b, "title")).Where(t => t.Length > 0));
        }

        if (buttons.Count > 0)
        {
            var horizontal = String(card, "btnOrientation") == "1";
            html.Append("<div class=\"buttons").Append(horizontal ? " row" : "").Append("\">");
            foreach (var button in buttons)
            {
                html.Append("<span class=\"button\">").Append(MarkdownRenderer.Encode(button)).Append("</span>");
            }

            html.Append("</div>");
        }

        html.Append("</div>");
    }

    private static void AppendFeedCard(StringBuilder html, JsonElement feed)
    {
        html.Append("<div class=\"bubble card feed\">");
        if (feed.ValueKind == JsonValueKind.Object && feed.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array)
        {
            var first = true;
            foreach (var link in links.EnumerateArray())
            {
                var title = MarkdownRenderer.Encode(String(link, "title"));
                if (first)
                {
                    html.Append("<div class=\"feed-top\">");
                    AppendThumb(html, String(link, "picURL"), "hero");
                    html.Append("<div class=\"feed-title\">").Append(title).Append("</div></div>");
                    first = false;
                }
                else
                {
                    html.Append("<div class=\"feed-row\"><div class=\"feed-text\">").Append(title).Append("</div>");
                    AppendThumb(html, String(link, "picURL"), "thumb");
                    html.Append("</div>");
                }
            }
        }

        html.Append("</div>");
    }

    // A picture is never loaded: a grey box stands for it.
    private static void AppendThumb(StringBuilder html, string url, string kind)
    {
        if (url.Length > 0)
        {
            html.Append("<div class=\"").Append(kind).Append("\">").Append(ChatPreviewStyle.PictureIcon).Append("</div>");
        }
    }

    // The host the card opens, as DingTalk's card footer hints at it (text only).
    private static void AppendSource(StringBuilder html, string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
        {
            html.Append("<div class=\"card-source\">").Append(MarkdownRenderer.Encode(uri.Host)).Append("</div>");
        }
    }

    private static JsonElement Child(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var child) ? child : default;

    private static string String(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? ""
            : "";
}
