using DingTalk.Robot.Digest;
using Microsoft.Extensions.Configuration;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// Reads <c>Logging:DingTalk:Robots:&lt;name&gt;:…</c> (named robots and their routes) and the <c>Webhooks</c> lists
/// of a robot group, with the same code-of-our-own rules as <see cref="DingTalkLoggerOptionsReader"/>: no reflection,
/// and a value that cannot be read is recorded with its full key
/// (<c>Logging:DingTalk:Robots:oncall:MinimumLevel</c>) so the provider refuses it at start.
/// </summary>
internal static class RobotsReader
{
    private delegate void Reader(DingTalkLoggerOptions options, DingTalkRoutedRobotOptions robot, IConfigurationSection section);

    // Every setting of a named robot. RobotsReaderTests holds this table against DingTalkRoutedRobotOptions.
    private static readonly Dictionary<string, Reader> Readers = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(DingTalkRoutedRobotOptions.WebhookUrl)] = (o, r, s) => r.WebhookUrl = s.Value,
        [nameof(DingTalkRoutedRobotOptions.Secret)] = (o, r, s) => r.Secret = s.Value,
        [nameof(DingTalkRoutedRobotOptions.Webhooks)] = (o, r, s) => r.Webhooks = Webhooks(o, s),
        [nameof(DingTalkRoutedRobotOptions.Keywords)] = (o, r, s) => r.Keywords = DingTalkLoggerOptionsReader.List(o, s),
        [nameof(DingTalkRoutedRobotOptions.Name)] = (o, r, s) => r.Name = s.Value,
        [nameof(DingTalkRoutedRobotOptions.MentionLevel)] = (o, r, s) => DingTalkLoggerOptionsReader.Level(o, s, v => r.MentionLevel = v),
        [nameof(DingTalkRoutedRobotOptions.AtMobiles)] = (o, r, s) => r.AtMobiles = DingTalkLoggerOptionsReader.List(o, s),
        [nameof(DingTalkRoutedRobotOptions.AtUserIds)] = (o, r, s) => r.AtUserIds = DingTalkLoggerOptionsReader.List(o, s),
        [nameof(DingTalkRoutedRobotOptions.AtAll)] = (o, r, s) => DingTalkLoggerOptionsReader.Bool(o, s, v => r.AtAll = v),
        [nameof(DingTalkRoutedRobotOptions.MinimumLevel)] = (o, r, s) => DingTalkLoggerOptionsReader.Level(o, s, v => r.MinimumLevel = v),
        [nameof(DingTalkRoutedRobotOptions.Sources)] = (o, r, s) => r.Sources = DingTalkLoggerOptionsReader.List(o, s),
        [nameof(DingTalkRoutedRobotOptions.Properties)] = (o, r, s) => r.Properties = Pairs(s),
        [nameof(DingTalkRoutedRobotOptions.Exclusive)] = (o, r, s) => DingTalkLoggerOptionsReader.Bool(o, s, v => r.Exclusive = v),
    };

    /// <summary>The settings a named robot has, for messages and tests.</summary>
    public static IEnumerable<string> SettingNames => Readers.Keys.OrderBy(name => name, StringComparer.Ordinal);

    /// <summary>
    /// Each child of <c>Robots</c> is a robot under its name. A key that is no setting of a robot is an error (a
    /// misspelt <c>MinimumLevel</c> would send every event to the on-call group), and so is a robot given as one value.
    /// </summary>
    public static IDictionary<string, DingTalkRoutedRobotOptions> Robots(DingTalkLoggerOptions options, IConfigurationSection section)
    {
        var robots = new Dictionary<string, DingTalkRoutedRobotOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var robotSection in section.GetChildren())
        {
            if (!robotSection.GetChildren().Any())
            {
                DingTalkLoggerOptionsReader.Error(options, robotSection,
                    "must be a robot's settings (WebhookUrl, MinimumLevel, Sources, …), not a single value");
                continue;
            }

            var robot = new DingTalkRoutedRobotOptions();
            foreach (var setting in robotSection.GetChildren())
            {
                if (Readers.TryGetValue(setting.Key, out var read))
                {
                    read(options, robot, setting);
                }
                else
                {
                    DingTalkLoggerOptionsReader.Error(options, setting,
                        "is not a setting of a robot; the settings are " + string.Join(", ", SettingNames));
                }
            }

            robots[robotSection.Key] = robot;
        }

        return robots;
    }

    /// <summary>A robot group's webhooks: <c>Webhooks:0:WebhookUrl</c>, <c>Webhooks:0:Secret</c>, …</summary>
    public static IList<DingTalkWebhookOptions> Webhooks(DingTalkLoggerOptions options, IConfigurationSection section)
    {
        var webhooks = new List<DingTalkWebhookOptions>();
        if (!string.IsNullOrEmpty(section.Value))
        {
            DingTalkLoggerOptionsReader.Error(options, section,
                $"must be a list of webhooks, each with its WebhookUrl and Secret ({section.Key}:0:WebhookUrl); got a single value");
            return webhooks;
        }

        foreach (var entry in section.GetChildren())
        {
            if (!string.IsNullOrEmpty(entry.Value))
            {
                DingTalkLoggerOptionsReader.Error(options, entry, $"must be a webhook's settings (WebhookUrl and Secret under it), not a single value");
                continue;
            }

            var webhook = new DingTalkWebhookOptions();
            foreach (var setting in entry.GetChildren())
            {
                if (string.Equals(setting.Key, nameof(DingTalkWebhookOptions.WebhookUrl), StringComparison.OrdinalIgnoreCase))
                {
                    webhook.WebhookUrl = setting.Value;
                }
                else if (string.Equals(setting.Key, nameof(DingTalkWebhookOptions.Secret), StringComparison.OrdinalIgnoreCase))
                {
                    webhook.Secret = setting.Value;
                }
                else
                {
                    DingTalkLoggerOptionsReader.Error(options, setting, "is not a setting of a webhook; write WebhookUrl and Secret");
                }
            }

            webhooks.Add(webhook);
        }

        return webhooks;
    }

    // Properties:Team = payments.
    private static Dictionary<string, string> Pairs(IConfigurationSection section)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in section.GetChildren())
        {
            pairs[child.Key] = child.Value ?? string.Empty;
        }

        return pairs;
    }
}
