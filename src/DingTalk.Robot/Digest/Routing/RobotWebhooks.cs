namespace DingTalk.Robot.Digest.Routing;

/// <summary>
/// The webhooks one robot's digests rotate across: <see cref="DingTalkDigestOptions.WebhookUrl"/> first, then each
/// <see cref="DingTalkDigestOptions.Webhooks"/> entry that has a webhook. Each becomes a client of its own, so each has
/// its own budget and throttle state.
/// </summary>
internal static class RobotWebhooks
{
    /// <summary>How many webhooks the digests rotate across (1 for a single robot).</summary>
    public static int Count(DingTalkDigestOptions options)
    {
        var count = string.IsNullOrWhiteSpace(options.WebhookUrl) ? 0 : 1;
        if (options.Webhooks is { } more)
        {
            foreach (var webhook in more)
            {
                if (webhook is not null && !string.IsNullOrWhiteSpace(webhook.WebhookUrl))
                {
                    count++;
                }
            }
        }

        return Math.Max(1, count);
    }

    /// <summary>
    /// The robot client's options for each webhook, the first being <see cref="DingTalkDigestOptions.ToRobotOptions"/>.
    /// A named group's further webhooks are named <c>name-2</c>, <c>name-3</c>…, so metrics and health tell them apart.
    /// </summary>
    public static List<DingTalkRobotOptions> RobotOptions(DingTalkDigestOptions options)
    {
        var first = options.ToRobotOptions();
        var all = new List<DingTalkRobotOptions> { first };
        if (options.Webhooks is not { } more)
        {
            return all;
        }

        foreach (var webhook in more)
        {
            if (webhook is null || string.IsNullOrWhiteSpace(webhook.WebhookUrl))
            {
                continue;
            }

            var robot = options.ToRobotOptions();
            robot.WebhookUrl = webhook.WebhookUrl;
            robot.Secret = string.IsNullOrEmpty(webhook.Secret) ? null : webhook.Secret;
            robot.Name = first.Name is null ? null : first.Name + "-" + (all.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            all.Add(robot);
        }

        return all;
    }

    /// <summary>Checks each further webhook as the first is checked, naming it (<c>Webhooks:1</c>) in the message.</summary>
    public static void Validate(DingTalkDigestOptions options)
    {
        var robots = RobotOptions(options);
        for (var i = 1; i < robots.Count; i++)
        {
            try
            {
                robots[i].Validate();
            }
            catch (ArgumentException ex)
            {
                // The index among the entries as written (empty ones are left out, so this is the webhook's place).
                throw new ArgumentException($"Webhooks:{(i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}: {ex.Message}", "Webhooks", ex);
            }
        }
    }
}
