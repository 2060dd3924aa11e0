using System.Globalization;
using DingTalk.Robot.Digest;
using Microsoft.Extensions.Configuration;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// Reads <c>Logging:DingTalk</c> into <see cref="DingTalkLoggerOptions"/> with code of our own: one entry per option,
/// no reflection (trimming and native AOT safe) and no dependency on the configuration binder, whose source generator
/// exists only from the 10.x packages on — which would lift a .NET 8 app's Microsoft.Extensions packages to 10.x.
/// A value that cannot be read is not thrown here: it is recorded, with the key, in
/// <see cref="DingTalkLoggerOptions.ConfigurationErrors"/>, so the provider can refuse it at start and keep the last
/// valid robot on a reload.
/// </summary>
internal static class DingTalkLoggerOptionsReader
{
    public const string SectionPath = "Logging:DingTalk";

    private const string LogLevelKey = "LogLevel";

    private delegate void Reader(DingTalkLoggerOptions options, IConfigurationSection section);

    // Every option a user can write in configuration. DingTalkLoggerOptionsReaderTests holds this table against the
    // options' writable properties, so that a new option cannot be forgotten here.
    private static readonly Dictionary<string, Reader> Readers = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(DingTalkLoggerOptions.WebhookUrl)] = (o, s) => o.WebhookUrl = s.Value,
        [nameof(DingTalkLoggerOptions.Secret)] = (o, s) => o.Secret = s.Value,
        [nameof(DingTalkLoggerOptions.Name)] = (o, s) => o.Name = s.Value,
        [nameof(DingTalkLoggerOptions.Keywords)] = (o, s) => o.Keywords = List(o, s),
        [nameof(DingTalkLoggerOptions.Title)] = (o, s) => o.Title = s.Value,
        [nameof(DingTalkLoggerOptions.MentionLevel)] = (o, s) => Level(o, s, v => o.MentionLevel = v),
        [nameof(DingTalkLoggerOptions.AtMobiles)] = (o, s) => o.AtMobiles = List(o, s),
        [nameof(DingTalkLoggerOptions.AtUserIds)] = (o, s) => o.AtUserIds = List(o, s),
        [nameof(DingTalkLoggerOptions.AtAll)] = (o, s) => Bool(o, s, v => o.AtAll = v),
        [nameof(DingTalkLoggerOptions.BatchSizeLimit)] = (o, s) => Int(o, s, v => o.BatchSizeLimit = v),
        [nameof(DingTalkLoggerOptions.BufferingTimeLimit)] = (o, s) => Time(o, s, v => o.BufferingTimeLimit = v),
        [nameof(DingTalkLoggerOptions.EagerlyEmitFirstEvent)] = (o, s) => Bool(o, s, v => o.EagerlyEmitFirstEvent = v),
        [nameof(DingTalkLoggerOptions.QueueLimit)] = (o, s) => NullableInt(o, s, v => o.QueueLimit = v),
        [nameof(DingTalkLoggerOptions.RetryTimeLimit)] = (o, s) => Time(o, s, v => o.RetryTimeLimit = v),
        [nameof(DingTalkLoggerOptions.MessagesPerMinute)] = (o, s) => Int(o, s, v => o.MessagesPerMinute = v),
        [nameof(DingTalkLoggerOptions.ShutdownTimeout)] = (o, s) => Time(o, s, v => o.ShutdownTimeout = v),
        [nameof(DingTalkLoggerOptions.MaxEventsShown)] = (o, s) => Int(o, s, v => o.MaxEventsShown = v),
        [nameof(DingTalkLoggerOptions.IncludeProperties)] = (o, s) => Bool(o, s, v => o.IncludeProperties = v),
        [nameof(DingTalkLoggerOptions.IncludeScopes)] = (o, s) => Bool(o, s, v => o.IncludeScopes = v),
        [nameof(DingTalkLoggerOptions.RememberAlerts)] = (o, s) => Bool(o, s, v => o.RememberAlerts = v),
        [nameof(DingTalkLoggerOptions.RepeatInterval)] = (o, s) => Time(o, s, v => o.RepeatInterval = v),
        [nameof(DingTalkLoggerOptions.QuietAfter)] = (o, s) => Time(o, s, v => o.QuietAfter = v),
        [nameof(DingTalkLoggerOptions.RisingFactor)] = (o, s) => Number(o, s, v => o.RisingFactor = v),
        [nameof(DingTalkLoggerOptions.MaxTrackedAlerts)] = (o, s) => Int(o, s, v => o.MaxTrackedAlerts = v),
        [nameof(DingTalkLoggerOptions.MaxPropertiesShown)] = (o, s) => Int(o, s, v => o.MaxPropertiesShown = v),
        [nameof(DingTalkLoggerOptions.IncludedProperties)] = (o, s) => o.IncludedProperties = List(o, s),
        [nameof(DingTalkLoggerOptions.ExcludedProperties)] = (o, s) => o.ExcludedProperties = List(o, s),
        [nameof(DingTalkLoggerOptions.Links)] = (o, s) => o.Links = Map(o, s),
        [nameof(DingTalkLoggerOptions.OpenLinksInBrowser)] = (o, s) => Bool(o, s, v => o.OpenLinksInBrowser = v),
        [nameof(DingTalkLoggerOptions.TimeZone)] = (o, s) => o.TimeZone = s.Value,
        [nameof(DingTalkLoggerOptions.Fleet)] = (o, s) => Fleet(o, s),
        [nameof(DingTalkLoggerOptions.Webhooks)] = (o, s) => o.Webhooks = RobotsReader.Webhooks(o, s),
        [nameof(DingTalkLoggerOptions.Robots)] = (o, s) => o.Robots = RobotsReader.Robots(o, s),
    };

    /// <summary>The keys of <c>Logging:DingTalk:Fleet</c> (<see cref="DingTalk.Robot.DingTalkFleetOptions"/>'s properties).</summary>
    public static readonly string[] FleetOptionNames =
        [nameof(DingTalk.Robot.DingTalkFleetOptions.Redis), nameof(DingTalk.Robot.DingTalkFleetOptions.Name), nameof(DingTalk.Robot.DingTalkFleetOptions.ExpectedReplicas), nameof(DingTalk.Robot.DingTalkFleetOptions.Replica), nameof(DingTalk.Robot.DingTalkFleetOptions.OneDigest)];

    // Options that only code can set (an object, not a value): named in a diagnostic when written in configuration.
    private static readonly string[] CodeOnly = [nameof(DingTalkLoggerOptions.MessageHandler), nameof(DingTalkLoggerOptions.TimeProvider)];

    /// <summary>The options configuration can set, for messages.</summary>
    public static IEnumerable<string> OptionNames => Readers.Keys.OrderBy(name => name, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="key"/> is an option, a code-only option or the provider's <c>LogLevel</c> filters.</summary>
    public static bool IsKnown(string key)
        => Readers.ContainsKey(key)
           || string.Equals(key, LogLevelKey, StringComparison.OrdinalIgnoreCase)
           || Array.Exists(CodeOnly, name => string.Equals(name, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="key"/> names an option only code can set.</summary>
    public static bool IsCodeOnly(string key) => Array.Exists(CodeOnly, name => string.Equals(name, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads every option <paramref name="configuration"/> holds into <paramref name="options"/>.</summary>
    public static void Read(IConfiguration configuration, DingTalkLoggerOptions options)
    {
        foreach (var section in configuration.GetChildren())
        {
            if (Readers.TryGetValue(section.Key, out var read))
            {
                read(options, section);
            }
        }
    }

    /// <summary>
    /// The known key nearest to <paramref name="key"/> by edit distance, if it is near enough to be a misspelling
    /// (at most half the key's length, and at least 2 edits allowed); otherwise <see langword="null"/>.
    /// </summary>
    public static string? Closest(string key)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in OptionNames.Append(LogLevelKey))
        {
            var distance = EditDistance(key.ToUpperInvariant(), name.ToUpperInvariant());
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Max(2, key.Length / 2) ? best : null;
    }

    // A list is written as one: "AtMobiles": [ "138…" ] (AtMobiles:0, AtMobiles:1 in other sources). A single value is
    // refused with the key: read as a list of one, a typo in the JSON would go unnoticed until nobody is mentioned.
    internal static List<string> List(DingTalkLoggerOptions options, IConfigurationSection section)
    {
        var values = new List<string>();
        foreach (var child in section.GetChildren())
        {
            if (child.Value is { } value)
            {
                values.Add(value);
            }
        }

        if (values.Count == 0 && !string.IsNullOrEmpty(section.Value))
        {
            Error(options, section,
                $"must be a list, written [ \"{section.Value}\" ] in JSON ({section.Key}:0 in environment variables); got the single value \"{section.Value}\"");
        }

        return values;
    }

    // A map is written as an object: "Links": { "Jaeger": "https://…/{TraceId}" } (Links:Jaeger in other sources).
    private static Dictionary<string, string> Map(DingTalkLoggerOptions options, IConfigurationSection section)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in section.GetChildren())
        {
            if (child.Value is { } value)
            {
                map[child.Key] = value;
            }
        }

        if (map.Count == 0 && !string.IsNullOrEmpty(section.Value))
        {
            Error(options, section,
                $"must be an object of titles and URL templates, written {{ \"Title\": \"https://…\" }} in JSON ({section.Key}:Title in environment variables); got the single value \"{section.Value}\"");
        }

        return map;
    }

    // Logging:DingTalk:Fleet is an object: { "Redis": "…", "Name": "orders", "ExpectedReplicas": 10, "Replica": "orders-7f9c", "OneDigest": true }.
    private static void Fleet(DingTalkLoggerOptions options, IConfigurationSection section)
    {
        foreach (var child in section.GetChildren())
        {
            if (string.Equals(child.Key, nameof(DingTalk.Robot.DingTalkFleetOptions.Redis), StringComparison.OrdinalIgnoreCase))
            {
                options.Fleet.Redis = child.Value;
            }
            else if (string.Equals(child.Key, nameof(DingTalk.Robot.DingTalkFleetOptions.Name), StringComparison.OrdinalIgnoreCase))
            {
                options.Fleet.Name = child.Value;
            }
            else if (string.Equals(child.Key, nameof(DingTalk.Robot.DingTalkFleetOptions.ExpectedReplicas), StringComparison.OrdinalIgnoreCase))
            {
                Int(options, child, v => options.Fleet.ExpectedReplicas = v);
            }
            else if (string.Equals(child.Key, nameof(DingTalk.Robot.DingTalkFleetOptions.Replica), StringComparison.OrdinalIgnoreCase))
            {
                options.Fleet.Replica = child.Value;
            }
            else if (string.Equals(child.Key, nameof(DingTalk.Robot.DingTalkFleetOptions.OneDigest), StringComparison.OrdinalIgnoreCase))
            {
                Bool(options, child, v => options.Fleet.OneDigest = v);
            }
        }
    }

    internal static void Level(DingTalkLoggerOptions options, IConfigurationSection section, Action<DigestLevel> set)
    {
        if (Value(section) is not { } text)
        {
            return;
        }

        // A level's name: Enum.TryParse alone would also take "4" or "42".
        if (!char.IsDigit(text[0]) && text[0] != '-' && Enum.TryParse<DigestLevel>(text, ignoreCase: true, out var level))
        {
            set(level);
        }
        else
        {
            Error(options, section, $"is \"{text}\", which is no level; write one of Verbose (Trace), Debug, Information, Warning, Error, Fatal (Critical)");
        }
    }

    internal static void Bool(DingTalkLoggerOptions options, IConfigurationSection section, Action<bool> set)
    {
        if (Value(section) is not { } text)
        {
            return;
        }

        if (bool.TryParse(text, out var value))
        {
            set(value);
        }
        else
        {
            Error(options, section, $"is \"{text}\", which is not true or false");
        }
    }

    private static void Int(DingTalkLoggerOptions options, IConfigurationSection section, Action<int> set)
    {
        if (Value(section) is not { } text)
        {
            return;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            set(value);
        }
        else
        {
            Error(options, section, $"is \"{text}\", which is not a whole number");
        }
    }

    private static void Number(DingTalkLoggerOptions options, IConfigurationSection section, Action<double> set)
    {
        if (Value(section) is not { } text)
        {
            return;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            set(value);
        }
        else
        {
            Error(options, section, $"is \"{text}\", which is not a number (write 2.5, with a point)");
        }
    }

    // An empty value means null (no limit), as the configuration binder reads it.
    private static void NullableInt(DingTalkLoggerOptions options, IConfigurationSection section, Action<int?> set)
    {
        if (section.Value is { Length: 0 })
        {
            set(null);
            return;
        }

        Int(options, section, value => set(value));
    }

    // Parsed as the binder does (a bare number is days): the options' ranges then refuse it with the option's name.
    private static void Time(DingTalkLoggerOptions options, IConfigurationSection section, Action<TimeSpan> set)
    {
        if (Value(section) is not { } text)
        {
            return;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value))
        {
            set(value);
        }
        else
        {
            Error(options, section, $"is \"{text}\", which is not a TimeSpan; write it \"00:00:10\" (hours:minutes:seconds)");
        }
    }

    internal static string? Value(IConfigurationSection section)
        => string.IsNullOrWhiteSpace(section.Value) ? null : section.Value!.Trim();

    // The key as the user wrote it, from Logging:DingTalk down (Logging:DingTalk:Robots:oncall:MinimumLevel).
    internal static void Error(DingTalkLoggerOptions options, IConfigurationSection section, string problem)
        => (options.ConfigurationErrors ??= new List<string>()).Add(FullPath(section) + " " + problem + ".");

    internal static string FullPath(IConfigurationSection section)
        => section.Path.StartsWith(SectionPath + ":", StringComparison.OrdinalIgnoreCase) ? section.Path : SectionPath + ":" + section.Path;

    // Levenshtein distance: insertions, deletions and substitutions, one row at a time.
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
