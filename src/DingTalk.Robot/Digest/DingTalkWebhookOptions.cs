namespace DingTalk.Robot.Digest;

/// <summary>
/// One more webhook of a robot group (<see cref="DingTalkDigestOptions.Webhooks"/>,
/// <see cref="DingTalkRoutedRobotOptions.Webhooks"/>): another robot added to the same DingTalk group, with a budget
/// of its own. Digests rotate across the group's webhooks, so a group of three carries three robots' budget.
/// </summary>
public sealed class DingTalkWebhookOptions
{
    /// <summary>The robot's webhook, as copied from its settings: <c>https://oapi.dingtalk.com/robot/send?access_token=…</c>.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>This robot's 加签 secret (<c>SEC…</c>), when it uses signing: each robot of a group has its own.</summary>
    public string? Secret { get; set; }

    // Never the URL or the secret.
    /// <inheritdoc />
    public override string ToString() => "DingTalkWebhookOptions";
}
