namespace DingTalk.Robot.Digest.Links;

/// <summary>
/// The configured links (<see cref="DingTalkDigestOptions.Links"/>), parsed, and how they open. Read-only after start-up:
/// the front ends ask it which properties the links need, the digest's renderer fills them in.
/// </summary>
internal sealed class LinkSet
{
    private static readonly HashSet<string> BuiltIn = new(StringComparer.Ordinal)
    {
        LinkPlaceholders.TraceId, LinkPlaceholders.SpanId, LinkPlaceholders.Fingerprint, LinkPlaceholders.From,
        LinkPlaceholders.To, LinkPlaceholders.FromUnixMs, LinkPlaceholders.ToUnixMs,
    };

    private readonly HashSet<string> _properties;

    private LinkSet(IReadOnlyList<LinkTemplate> templates, bool openInBrowser)
    {
        Templates = templates;
        OpenInBrowser = openInBrowser;
        _properties = new HashSet<string>(
            templates.SelectMany(t => t.Placeholders).Where(name => !BuiltIn.Contains(name)),
            StringComparer.Ordinal);
        UsesFingerprint = templates.Any(t => t.Placeholders.Contains(LinkPlaceholders.Fingerprint));
    }

    /// <summary>No links.</summary>
    public static LinkSet None { get; } = new(Array.Empty<LinkTemplate>(), openInBrowser: false);

    /// <summary>The links, in the configuration's order.</summary>
    public IReadOnlyList<LinkTemplate> Templates { get; }

    /// <summary>Wrap each URL so that DingTalk opens it in the system's browser.</summary>
    public bool OpenInBrowser { get; }

    /// <summary>Whether a link needs the group's alert fingerprint.</summary>
    public bool UsesFingerprint { get; }

    /// <summary>Whether any link needs a property's value (the front ends then capture those).</summary>
    public bool NeedsProperties => _properties.Count > 0;

    /// <summary>Parses the options' links; throws an <see cref="ArgumentException"/> naming the bad one.</summary>
    public static LinkSet From(DingTalkDigestOptions options)
    {
        if (options.Links is not { Count: > 0 } links)
        {
            return None;
        }

        var templates = new List<LinkTemplate>(links.Count);
        foreach (var link in links)
        {
            templates.Add(LinkTemplate.Parse(link.Key, link.Value));
        }

        return new LinkSet(templates, options.OpenLinksInBrowser);
    }

    /// <summary>Whether a link's placeholder is the property <paramref name="name"/> (property names are case-sensitive, as Serilog's).</summary>
    public bool NeedsProperty(string name) => _properties.Contains(name);

    /// <summary>The URL as the digest links it: as it is, or wrapped for the system's browser.</summary>
    public string Href(string url)
        => OpenInBrowser ? "dingtalk://dingtalkclient/page/link?url=" + Uri.EscapeDataString(url) + "&pc_slide=false" : url;
}
