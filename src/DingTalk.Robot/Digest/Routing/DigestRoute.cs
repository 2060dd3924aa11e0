namespace DingTalk.Robot.Digest.Routing;

/// <summary>
/// Which events one robot takes: a lowest level, source prefixes and property values, all of which must hold. Checked
/// on the logging call, so it costs comparisons only: the level first, then the source (read only when a route has
/// sources), then the properties (asked only when a route has them).
/// </summary>
internal sealed class DigestRoute
{
    private readonly string[] _sources;
    private readonly KeyValuePair<string, string>[] _properties;

    public DigestRoute(DigestLevel? minimumLevel, IEnumerable<string>? sources, IEnumerable<KeyValuePair<string, string>>? properties, bool exclusive)
    {
        MinimumLevel = minimumLevel ?? DigestLevel.Verbose;
        _sources = sources?.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToArray() ?? [];
        _properties = properties?.ToArray() ?? [];
        Exclusive = exclusive;
    }

    /// <summary>The default robot's route: everything the front end lets through.</summary>
    public static DigestRoute Everything { get; } = new(null, null, null, exclusive: false);

    /// <summary>The lowest level the route takes.</summary>
    public DigestLevel MinimumLevel { get; }

    /// <summary>Whether the events this route takes are kept from the default robot.</summary>
    public bool Exclusive { get; }

    /// <summary>Whether the route looks at the event's source.</summary>
    public bool ReadsSource => _sources.Length > 0;

    /// <summary>Whether the route looks at the event's properties.</summary>
    public bool ReadsProperties => _properties.Length > 0;

    /// <summary>Whether the route takes no condition at all (every level, source and property).</summary>
    public bool TakesEverything => MinimumLevel == DigestLevel.Verbose && !ReadsSource && !ReadsProperties;

    public bool Accepts<TProperties>(DigestLevel level, string? source, ref TProperties properties)
        where TProperties : struct, IRouteProperties
    {
        if (level < MinimumLevel)
        {
            return false;
        }

        if (_sources.Length > 0 && !FromAnySource(source))
        {
            return false;
        }

        for (var i = 0; i < _properties.Length; i++)
        {
            if (!properties.Has(_properties[i].Key, _properties[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="source"/> is <paramref name="prefix"/> or starts with it and a dot (case ignored, as MEL's category rules).</summary>
    internal static bool IsUnder(string source, string prefix)
        => source.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
           && (source.Length == prefix.Length || source[prefix.Length] == '.');

    private bool FromAnySource(string? source)
    {
        if (source is null)
        {
            return false;
        }

        foreach (var prefix in _sources)
        {
            if (IsUnder(source, prefix))
            {
                return true;
            }
        }

        return false;
    }
}
