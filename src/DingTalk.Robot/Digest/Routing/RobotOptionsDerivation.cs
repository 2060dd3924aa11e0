namespace DingTalk.Robot.Digest.Routing;

/// <summary>
/// The engine options of each robot: the default robot's are the options as given; a named robot's are a copy of them
/// with what the robot sets of its own (where it sends, who it mentions). RobotOptionsDerivationTests holds the copy
/// against the options' properties, so that a new option cannot be forgotten here.
/// </summary>
internal static class RobotOptionsDerivation
{
    /// <summary>The default robot's options, or <see langword="null"/> when it has no webhook (only named robots send).</summary>
    public static DingTalkDigestOptions? ForDefault(DingTalkDigestOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.WebhookUrl))
        {
            return options;
        }

        if (FirstWebhook(options.Webhooks) is not { } first)
        {
            return null;
        }

        // A group given as a list alone: its first webhook leads it.
        var copy = Copy(options);
        copy.WebhookUrl = first.WebhookUrl;
        copy.Secret = first.Secret;
        copy.Webhooks = options.Webhooks.Where(w => !ReferenceEquals(w, first)).ToList();
        return copy;
    }

    /// <summary>The named robot's options, or <see langword="null"/> when it has no webhook (it is disabled).</summary>
    public static DingTalkDigestOptions? ForNamed(DingTalkDigestOptions parent, string key, DingTalkRoutedRobotOptions robot)
    {
        var copy = Copy(parent);
        copy.WebhookUrl = robot.WebhookUrl;
        copy.Secret = string.IsNullOrEmpty(robot.Secret) ? null : robot.Secret;
        copy.Webhooks = robot.Webhooks is null ? new List<DingTalkWebhookOptions>() : new List<DingTalkWebhookOptions>(robot.Webhooks);
        copy.Keywords = robot.Keywords is null ? new List<string>() : new List<string>(robot.Keywords);
        copy.Name = string.IsNullOrWhiteSpace(robot.Name) ? key : robot.Name;
        copy.MentionLevel = robot.MentionLevel ?? parent.MentionLevel;
        copy.AtMobiles = robot.AtMobiles is null ? new List<string>() : new List<string>(robot.AtMobiles);
        copy.AtUserIds = robot.AtUserIds is null ? new List<string>() : new List<string>(robot.AtUserIds);
        copy.AtAll = robot.AtAll;
        return ForDefault(copy);
    }

    /// <summary>The route of a named robot.</summary>
    public static DigestRoute Route(DingTalkRoutedRobotOptions robot)
        => new(robot.MinimumLevel, robot.Sources, robot.Properties, robot.Exclusive);

    // Everything a named robot shares with the default one; what it has of its own is set over it (ForNamed).
    internal static DingTalkDigestOptions Copy(DingTalkDigestOptions options) => new()
    {
        WebhookUrl = options.WebhookUrl,
        Secret = options.Secret,
        Name = options.Name,
        Keywords = options.Keywords,
        Title = options.Title,
        MentionLevel = options.MentionLevel,
        AtMobiles = options.AtMobiles,
        AtUserIds = options.AtUserIds,
        AtAll = options.AtAll,
        BatchSizeLimit = options.BatchSizeLimit,
        BufferingTimeLimit = options.BufferingTimeLimit,
        EagerlyEmitFirstEvent = options.EagerlyEmitFirstEvent,
        QueueLimit = options.QueueLimit,
        RetryTimeLimit = options.RetryTimeLimit,
        MessagesPerMinute = options.MessagesPerMinute,
        ShutdownTimeout = options.ShutdownTimeout,
        MaxEventsShown = options.MaxEventsShown,
        IncludeProperties = options.IncludeProperties,
        RememberAlerts = options.RememberAlerts,
        RepeatInterval = options.RepeatInterval,
        QuietAfter = options.QuietAfter,
        RisingFactor = options.RisingFactor,
        MaxTrackedAlerts = options.MaxTrackedAlerts,
        MaxPropertiesShown = options.MaxPropertiesShown,
        IncludedProperties = options.IncludedProperties,
        ExcludedProperties = options.ExcludedProperties,
        Links = options.Links,
        OpenLinksInBrowser = options.OpenLinksInBrowser,
        TimeZone = options.TimeZone,
        Fleet = options.Fleet,
        MessageHandler = options.MessageHandler,
        TimeProvider = options.TimeProvider,
        Webhooks = options.Webhooks,
        Robots = new Dictionary<string, DingTalkRoutedRobotOptions>(StringComparer.OrdinalIgnoreCase),
    };

    private static DingTalkWebhookOptions? FirstWebhook(IList<DingTalkWebhookOptions>? webhooks)
        => webhooks?.FirstOrDefault(w => w is not null && !string.IsNullOrWhiteSpace(w.WebhookUrl));
}
