using System.Text.RegularExpressions;

namespace DingTalk.Robot.Testing.Tests.Preview;

/// <summary>Structural checks of generated HTML, independent of the renderer.</summary>
internal static partial class HtmlAssert
{
    private static readonly HashSet<string> VoidElements = new(StringComparer.Ordinal) { "br", "meta" };

    private static readonly HashSet<string> FragmentElements = new(StringComparer.Ordinal)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "strong", "em", "br", "span",
    };

    /// <summary>
    /// A markdown fragment holds only the renderer's own tags with its own attribute values, balanced, and no
    /// character that could start markup or an entity other than the five the encoder writes.
    /// </summary>
    public static void IsSafeFragment(string html)
    {
        var stack = new Stack<string>();
        foreach (Match tag in Tag().Matches(html))
        {
            var name = tag.Groups["name"].Value;
            var attributes = tag.Groups["attributes"].Value;
            Assert.True(FragmentElements.Contains(name), $"Unexpected <{name}> in: {html}");
            if (tag.Groups["close"].Success)
            {
                Assert.Equal("", attributes);
                Assert.True(stack.Count > 0 && stack.Pop() == name, $"Unbalanced </{name}> in: {html}");
                continue;
            }

            Assert.True(
                attributes.Length == 0 || AllowedAttribute().IsMatch(attributes),
                $"Unexpected attributes <{name}{attributes}> in: {html}");
            if (name != "br")
            {
                stack.Push(name);
            }
        }

        Assert.True(stack.Count == 0, $"Unclosed <{string.Join(">, <", stack)}> in: {html}");
        var text = Tag().Replace(html, "");
        Assert.DoesNotContain("<", text, StringComparison.Ordinal);
        Assert.DoesNotContain(">", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(StrayAmpersand(), text);
    }

    /// <summary>A whole page: elements balanced (style contents aside), nothing loaded from anywhere, no script.</summary>
    public static void IsSelfContainedPage(string html)
    {
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none';", html, StringComparison.Ordinal);

        var body = Style().Replace(html, "<style></style>");
        var stack = new Stack<string>();
        foreach (Match tag in AnyTag().Matches(body))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            Assert.DoesNotContain(name, new[] { "script", "img", "link", "iframe", "object", "embed", "video", "audio", "source", "base", "image", "use" });
            foreach (Match attribute in Attribute().Matches(tag.Groups["attributes"].Value))
            {
                var attributeName = attribute.Groups["name"].Value.ToLowerInvariant();
                var value = attribute.Groups["value"].Value.Trim().Trim('"', '\'');
                Assert.False(attributeName.StartsWith("on", StringComparison.Ordinal), $"Event handler in {tag.Value}");
                if (attributeName is "src" or "href" or "srcset" or "poster" or "data" or "action" or "xlink:href")
                {
                    Assert.Fail($"A resource or link attribute: {tag.Value}");
                }

                Assert.DoesNotMatch(RemoteUrl(), value);
            }

            if (tag.Groups["close"].Success)
            {
                Assert.True(stack.Count > 0 && stack.Pop() == name, $"Unbalanced </{name}> at {tag.Index}");
            }
            else if (!tag.Value.EndsWith("/>", StringComparison.Ordinal) && !VoidElements.Contains(name))
            {
                stack.Push(name);
            }
        }

        Assert.Empty(stack);
        var css = string.Concat(Style().Matches(html).Select(m => m.Value));
        Assert.DoesNotContain("url(", css, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", css, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("<(?<close>/)?(?<name>[a-z0-9]+)(?<attributes>[^>]*)>")]
    private static partial Regex Tag();

    [GeneratedRegex("""^ (class="(md-link|md-img|at)"|style="color:#[0-9a-f]{6}"|start="[0-9]{1,9}")$""")]
    private static partial Regex AllowedAttribute();

    [GeneratedRegex("&(?!(amp|lt|gt|quot|#39);)")]
    private static partial Regex StrayAmpersand();

    [GeneratedRegex("<style>.*?</style>", RegexOptions.Singleline)]
    private static partial Regex Style();

    [GeneratedRegex("<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9:-]*)(?<attributes>[^>]*)>")]
    private static partial Regex AnyTag();

    [GeneratedRegex("""(?<name>[^\s=/]+)\s*=\s*(?<value>"[^"]*"|'[^']*'|[^\s>]+)""")]
    private static partial Regex Attribute();

    [GeneratedRegex("^(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteUrl();
}
