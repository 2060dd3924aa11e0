using DingTalk.Robot.Digest;

namespace Serilog.Sinks.DingTalk;

/// <summary>
/// Turns the <c>robots</c> argument of the flat overload (appsettings.json) into <see cref="DingTalkRoutedRobotOptions"/>,
/// refusing a value that is no level or no boolean with a message that names it as the user wrote it
/// (<c>robots:oncall:minimumLevel</c>).
/// </summary>
internal static class RobotArgsConversion
{
    public static Dictionary<string, DingTalkRoutedRobotOptions> ToOptions(Dictionary<string, DingTalkRobotArgs> robots)
    {
        var options = new Dictionary<string, DingTalkRoutedRobotOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in robots)
        {
            var args = pair.Value ?? new DingTalkRobotArgs();
            var prefix = "robots:" + pair.Key + ":";
            if (!string.IsNullOrEmpty(args.Keyword) && args.Keywords is { Length: > 0 })
            {
                throw new ArgumentException(
                    $"{prefix}keyword and {prefix}keywords are the same setting (one keyword, or a list of them), and both were given; keep one.", prefix + "keywords");
            }

            var robot = new DingTalkRoutedRobotOptions
            {
                WebhookUrl = args.WebhookUrl,
                Secret = args.Secret,
                Name = args.Name,
                MentionLevel = Level(args.MentionLevel, prefix + "mentionLevel"),
                MinimumLevel = Level(args.MinimumLevel, prefix + "minimumLevel"),
                AtAll = Bool(args.AtAll, prefix + "atAll"),
                Exclusive = Bool(args.Exclusive, prefix + "exclusive"),
            };
            AddAll(robot.Webhooks, args.Webhooks);
            AddAll(robot.Keywords, string.IsNullOrEmpty(args.Keyword) ? args.Keywords : [args.Keyword!]);
            AddAll(robot.AtMobiles, args.AtMobiles);
            AddAll(robot.AtUserIds, args.AtUserIds);
            AddAll(robot.Sources, args.Sources);
            if (args.Properties is not null)
            {
                foreach (var property in args.Properties)
                {
                    robot.Properties[property.Key] = property.Value ?? string.Empty;
                }
            }

            options[pair.Key] = robot;
        }

        return options;
    }

    // A level's name only: Enum.TryParse would also take "4" or "42".
    private static DigestLevel? Level(string? text, string setting)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var name = text!.Trim();
        if (!char.IsDigit(name[0]) && name[0] != '-' && Enum.TryParse<DigestLevel>(name, ignoreCase: true, out var level) && Enum.IsDefined(typeof(DigestLevel), level))
        {
            return level;
        }

        throw new ArgumentException(
            $"{setting} is \"{name}\", which is no level; write one of Verbose, Debug, Information, Warning, Error, Fatal.", setting);
    }

    private static bool Bool(string? text, string setting)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (bool.TryParse(text!.Trim(), out var value))
        {
            return value;
        }

        throw new ArgumentException($"{setting} is \"{text}\", which is not true or false.", setting);
    }

    private static void AddAll<T>(IList<T> target, IEnumerable<T>? values)
    {
        if (values is null)
        {
            return;
        }

        foreach (var value in values)
        {
            target.Add(value);
        }
    }
}
