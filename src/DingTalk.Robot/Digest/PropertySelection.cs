using DingTalk.Robot.Digest.Links;

namespace DingTalk.Robot.Digest;

/// <summary>
/// Which of an event's properties a digest shows, the same for both front ends: none without
/// <see cref="DingTalkDigestOptions.IncludeProperties"/>; otherwise those <see cref="DingTalkDigestOptions.IncludedProperties"/>
/// lets through (all when it is empty) and <see cref="DingTalkDigestOptions.ExcludedProperties"/> does not name, at most
/// <see cref="DingTalkDigestOptions.MaxPropertiesShown"/> of them. The properties the configured links need are kept
/// apart, shown or not (<see cref="NeedsForLinks"/>).
/// </summary>
internal sealed class PropertySelection
{
    private readonly string[] _included;
    private readonly string[] _excluded;
    private readonly LinkSet _links;

    private PropertySelection(bool enabled, int max, string[] included, string[] excluded, LinkSet links)
    {
        Enabled = enabled && max > 0;
        Max = Enabled ? max : 0;
        _included = included;
        _excluded = excluded;
        _links = links;
    }

    /// <summary>Shows every property, up to the default maximum; no links. For tests and readers without options.</summary>
    public static PropertySelection Default { get; } = new(true, DingTalkDigestOptions.DefaultMaxPropertiesShown, Array.Empty<string>(), Array.Empty<string>(), LinkSet.None);

    /// <summary>Whether any property is shown.</summary>
    public bool Enabled { get; }

    /// <summary>The most properties captured per event for showing.</summary>
    public int Max { get; }

    /// <summary>Whether a link needs some property's value.</summary>
    public bool AnyForLinks => _links.NeedsProperties;

    /// <summary>Reads the options (validated before: the links parse).</summary>
    public static PropertySelection From(DingTalkDigestOptions options, LinkSet links)
        => new(options.IncludeProperties, options.MaxPropertiesShown, Names(options.IncludedProperties), Names(options.ExcludedProperties), links);

    /// <summary>Whether the property <paramref name="name"/> may be shown (the maximum aside).</summary>
    public bool IsShown(string name)
    {
        if (!Enabled || string.IsNullOrEmpty(name) || Matches(_excluded, name))
        {
            return false;
        }

        return _included.Length == 0 || Matches(_included, name);
    }

    /// <summary>Whether a configured link fills a placeholder with the property <paramref name="name"/>.</summary>
    public bool NeedsForLinks(string name) => _links.NeedsProperty(name);

    private static bool Matches(string[] patterns, string name)
    {
        foreach (var pattern in patterns)
        {
            var matches = pattern.EndsWith("*", StringComparison.Ordinal)
                ? name.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.OrdinalIgnoreCase)
                : string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Names(IList<string>? names)
        => names is null ? Array.Empty<string>() : names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToArray();
}
