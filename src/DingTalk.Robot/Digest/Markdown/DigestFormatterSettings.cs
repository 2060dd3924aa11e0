using DingTalk.Robot.Digest.Links;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>What the <see cref="MarkdownDigestFormatter"/> needs to know: who the digest is about, who it mentions, and its limits.</summary>
internal sealed class DigestFormatterSettings
{
    /// <summary>The application's name: the title and the heading.</summary>
    public string App { get; set; } = "Application";

    /// <summary>The environment (Production, Staging…), shown in the heading when set.</summary>
    public string? Environment { get; set; }

    /// <summary>The host name, shown in the heading when set.</summary>
    public string? Host { get; set; }

    /// <summary>A digest holding an event at or above this level mentions the people below.</summary>
    public DigestLevel MentionLevel { get; set; } = DigestLevel.Error;

    /// <summary>Mobile numbers to mention.</summary>
    public IReadOnlyList<string> AtMobiles { get; set; } = Array.Empty<string>();

    /// <summary>DingTalk user ids to mention.</summary>
    public IReadOnlyList<string> AtUserIds { get; set; } = Array.Empty<string>();

    /// <summary>Mention everyone.</summary>
    public bool AtAll { get; set; }

    /// <summary>The robot's security keyword, which must appear in the text; <see langword="null"/> for none.</summary>
    public string? Keyword { get; set; }

    /// <summary>The most example events shown in one digest.</summary>
    public int MaxEventsShown { get; set; } = 20;

    /// <summary>The most groups shown, as sections or one-line entries; the rest are counted. A phone screen is small.</summary>
    public int MaxGroupsShown { get; set; } = 20;

    /// <summary>Show the examples' properties.</summary>
    public bool IncludeProperties { get; set; } = true;

    /// <summary>The most properties shown per example, the event id and scopes included (<see cref="DingTalkDigestOptions.MaxPropertiesShown"/>).</summary>
    public int MaxPropertiesShown { get; set; } = DingTalkDigestOptions.DefaultMaxPropertiesShown;

    /// <summary>The zone times are written in; <see langword="null"/> for each event's own offset.</summary>
    public TimeZoneInfo? TimeZone { get; set; }

    /// <summary>The links shown under each group.</summary>
    public LinkSet Links { get; set; } = LinkSet.None;

    /// <summary>Colour the level words with <c>&lt;font color=…&gt;</c> (reported to work in DingTalk, not documented).</summary>
    public bool UseColor { get; set; } = true;

    /// <summary>The most bytes of the whole JSON request body: DingTalk's limit is 20000.</summary>
    public int MaxBodyBytes { get; set; } = DingTalkRobotOptions.MaxBodyBytes;

    /// <summary>Builds settings from the user's options.</summary>
    /// <param name="o">The options.</param>
    /// <param name="environment">The environment name (the host's <c>EnvironmentName</c>), if known.</param>
    /// <param name="host">The machine name, if known.</param>
    /// <param name="defaultApp">The name to use when <see cref="DingTalkDigestOptions.Title"/> is not set (the entry assembly's).</param>
    public static DigestFormatterSettings FromOptions(DingTalkDigestOptions o, string? environment, string? host, string defaultApp)
    {
        if (o is null)
        {
            throw new ArgumentNullException(nameof(o));
        }

        return new DigestFormatterSettings
        {
            App = !IsBlank(o.Title) ? o.Title! : !IsBlank(defaultApp) ? defaultApp : "Application",
            Environment = IsBlank(environment) ? null : environment,
            Host = IsBlank(host) ? null : host,
            MentionLevel = o.MentionLevel,
            AtMobiles = Snapshot(o.AtMobiles),
            AtUserIds = Snapshot(o.AtUserIds),
            AtAll = o.AtAll,
            Keyword = FirstKeyword(o.Keywords),
            MaxEventsShown = Math.Max(0, o.MaxEventsShown),
            IncludeProperties = o.IncludeProperties,
            MaxPropertiesShown = o.MaxPropertiesShown,
            TimeZone = DigestTimeZone.Find(o.TimeZone),
            Links = LinkSet.From(o),
        };
    }

    // A copy, without blanks: the options object may be changed later (options monitors), and an empty entry
    // would put a bare "@" in the text.
    private static string[] Snapshot(IList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return Array.Empty<string>();
        }

        var list = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (!IsBlank(value))
            {
                list.Add(value.Trim());
            }
        }

        return list.ToArray();
    }

    private static string? FirstKeyword(IList<string>? keywords)
    {
        if (keywords is null)
        {
            return null;
        }

        foreach (var keyword in keywords)
        {
            if (!IsBlank(keyword))
            {
                return keyword;
            }
        }

        return null;
    }

    private static bool IsBlank(string? s) => s is null || s.Trim().Length == 0;
}
