using System.Text;

namespace DingTalk.Robot.Digest.Links;

/// <summary>
/// One configured link: a title and a URL template such as <c>https://jaeger.example.com/trace/{TraceId}</c>, parsed
/// once at start-up into literal parts and placeholders. <see cref="Render"/> fills the placeholders, URL-encoded, from
/// a group and gives the URL, or nothing when a placeholder has no value (a trace link without its trace id is no
/// link). The template comes from configuration only: event text can fill a placeholder's value, never the URL's shape.
/// </summary>
internal sealed class LinkTemplate
{
    // A value longer than this is not a key to look something up by: the link is left out rather than cut wrong.
    private const int MaxValueChars = 512;

    // DingTalk's clients and most servers handle URLs up to a few kilobytes; a digest line is not the place for more.
    private const int MaxUrlChars = 2048;

    private readonly string[] _literals;
    private readonly string[] _placeholders;

    private LinkTemplate(string title, string[] literals, string[] placeholders)
    {
        Title = title;
        _literals = literals;
        _placeholders = placeholders;
    }

    /// <summary>The link's text.</summary>
    public string Title { get; }

    /// <summary>The placeholders' names, in order (a name may repeat).</summary>
    public IReadOnlyList<string> Placeholders => _placeholders;

    /// <summary>
    /// Parses <paramref name="url"/>; throws an <see cref="ArgumentException"/> naming <c>Links:<paramref name="title"/></c>
    /// when it is not an absolute http(s) URL with well-formed placeholders.
    /// </summary>
    public static LinkTemplate Parse(string title, string? url)
    {
        var setting = "Links:" + title;
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new ArgumentException("Links must have a title for each URL; got an empty one.", nameof(DingTalkDigestOptions.Links));
        }

        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ArgumentException($"{setting} must be a URL template such as \"https://jaeger.example.com/trace/{{TraceId}}\"; got an empty one.", nameof(DingTalkDigestOptions.Links));
        }

        var literals = new List<string>();
        var placeholders = new List<string>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < url!.Length)
        {
            var c = url[i];

            // "{{" and "}}" are a literal brace (a Grafana explore URL holds JSON), as in .NET's composite format.
            if ((c == '{' || c == '}') && i + 1 < url.Length && url[i + 1] == c)
            {
                literal.Append(c);
                i += 2;
                continue;
            }

            if (c == '}')
            {
                throw Malformed(setting, url, "has a '}' without its '{'");
            }

            if (c != '{')
            {
                literal.Append(c);
                i++;
                continue;
            }

            var close = url.IndexOf('}', i + 1);
            if (close < 0)
            {
                throw Malformed(setting, url, "has a '{' without its '}'");
            }

            var name = url.Substring(i + 1, close - i - 1);
            if (!IsName(name))
            {
                throw Malformed(setting, url, $"has \"{{{name}}}\", which is not a placeholder (a property name: letters, digits, '_', '.' or '-')");
            }

            literals.Add(literal.ToString());
            literal.Clear();
            placeholders.Add(name);
            i = close + 1;
        }

        literals.Add(literal.ToString());
        var template = new LinkTemplate(title.Trim(), literals.ToArray(), placeholders.ToArray());

        // What the URL looks like once filled: it must be an absolute http(s) URL whatever the values are.
        var sample = template.Render(_ => "x");
        if (sample is null
            || !Uri.TryCreate(sample, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw Malformed(setting, url, "is not an absolute http or https URL once filled in");
        }

        return template;
    }

    /// <summary>
    /// The URL with every placeholder replaced by its value, URL-encoded; <see langword="null"/> when a value is
    /// missing, blank or too long, or the URL would be too long. Characters that end a markdown link's destination
    /// (spaces, parentheses, angle brackets) are percent-encoded in the literal parts too.
    /// </summary>
    /// <param name="valueOf">The value of a placeholder, or <see langword="null"/> when it has none.</param>
    public string? Render(Func<string, string?> valueOf)
    {
        var url = new StringBuilder();
        for (var i = 0; i < _literals.Length; i++)
        {
            AppendLiteral(url, _literals[i]);
            if (i < _placeholders.Length)
            {
                var value = valueOf(_placeholders[i]);
                if (string.IsNullOrWhiteSpace(value) || value!.Length > MaxValueChars)
                {
                    return null;
                }

                url.Append(Uri.EscapeDataString(value));
            }
        }

        return url.Length <= MaxUrlChars ? url.ToString() : null;
    }

    private static void AppendLiteral(StringBuilder url, string literal)
    {
        foreach (var c in literal)
        {
            switch (c)
            {
                case ' ': url.Append("%20"); break;
                case '(': url.Append("%28"); break;
                case ')': url.Append("%29"); break;
                case '<': url.Append("%3C"); break;
                case '>': url.Append("%3E"); break;
                default: url.Append(c); break;
            }
        }
    }

    private static bool IsName(string name)
    {
        if (name.Length == 0 || name.Length > 128)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '.' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static ArgumentException Malformed(string setting, string url, string problem)
        => new($"{setting} must be an absolute http or https URL template such as \"https://jaeger.example.com/trace/{{TraceId}}\"; \"{url}\" {problem}.", nameof(DingTalkDigestOptions.Links));
}
