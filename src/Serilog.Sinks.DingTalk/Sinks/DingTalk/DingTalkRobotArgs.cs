using DingTalk.Robot.Digest;

namespace Serilog.Sinks.DingTalk;

/// <summary>
/// A named robot as <c>appsettings.json</c> writes it under <c>WriteTo</c> DingTalk's <c>Args</c>
/// (<c>"robots": { "oncall": { "webhookUrl": "…", "minimumLevel": "Fatal", "atAll": true } }</c>). Every value is
/// read as text and checked by the sink, so that a wrong one stops the logger with a message naming it
/// (<c>robots:oncall:minimumLevel</c>) instead of being skipped: Serilog.Settings.Configuration 9 and later only write
/// a SelfLog line for a property it cannot convert. In code, use <see cref="DingTalkDigestOptions.Robots"/>.
/// </summary>
public sealed class DingTalkRobotArgs
{
    /// <summary>The robot's webhook (see <see cref="DingTalkRoutedRobotOptions.WebhookUrl"/>).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The robot's 加签 secret.</summary>
    public string? Secret { get; set; }

    /// <summary>More robots of the same group, rotated across (see <see cref="DingTalkRoutedRobotOptions.Webhooks"/>).</summary>
    public DingTalkWebhookOptions[]? Webhooks { get; set; }

    /// <summary>One of the robot's custom keywords (or give <see cref="Keywords"/>, not both).</summary>
    public string? Keyword { get; set; }

    /// <summary>The robot's custom keywords.</summary>
    public string[]? Keywords { get; set; }

    /// <summary>The robot's name in metrics and health reports. Default: its key under <c>robots</c>.</summary>
    public string? Name { get; set; }

    /// <summary>A level name (<c>Error</c>): a digest at or above it mentions this robot's people.</summary>
    public string? MentionLevel { get; set; }

    /// <summary>Mobile numbers to mention.</summary>
    public string[]? AtMobiles { get; set; }

    /// <summary>DingTalk user ids to mention.</summary>
    public string[]? AtUserIds { get; set; }

    /// <summary><c>true</c> to mention everyone.</summary>
    public string? AtAll { get; set; }

    /// <summary>The route: a level name, the lowest this robot takes.</summary>
    public string? MinimumLevel { get; set; }

    /// <summary>The route: source (<c>SourceContext</c>) prefixes this robot takes.</summary>
    public string[]? Sources { get; set; }

    /// <summary>The route: properties the event must carry with these values.</summary>
    public Dictionary<string, string>? Properties { get; set; }

    /// <summary>The route: <c>true</c> keeps what this robot takes from the default robot.</summary>
    public string? Exclusive { get; set; }

    // Never the URL or the secret.
    /// <inheritdoc />
    public override string ToString() => "DingTalkRobotArgs";
}
