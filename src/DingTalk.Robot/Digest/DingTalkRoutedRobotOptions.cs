namespace DingTalk.Robot.Digest;

/// <summary>
/// A named robot besides the default one (<see cref="DingTalkDigestOptions.Robots"/>): where its digests go, who they
/// mention, and its route, the events it takes. Each robot takes every event its route accepts, so one event can go to
/// several robots (a Fatal to the team's group and to the on-call group). Everything not set here (the title, the
/// batching, the budget, alert memory) is the default robot's.
/// </summary>
public sealed class DingTalkRoutedRobotOptions
{
    /// <summary>The robot's webhook. Required, unless <see cref="Webhooks"/> holds the robot's webhooks; empty (both) disables this robot, said once.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The robot's 加签 secret (<c>SEC…</c>), when it uses signing.</summary>
    public string? Secret { get; set; }

    /// <summary>More robots of the same group: digests rotate across <see cref="WebhookUrl"/> and these, each robot with its own budget.</summary>
    public IList<DingTalkWebhookOptions> Webhooks { get; set; } = new List<DingTalkWebhookOptions>();

    /// <summary>This robot's custom keywords, when it uses them: every digest it sends contains the first one.</summary>
    public IList<string> Keywords { get; set; } = new List<string>();

    /// <summary>The robot's name in metrics and health reports. Default: its key in <see cref="DingTalkDigestOptions.Robots"/>.</summary>
    public string? Name { get; set; }

    /// <summary>A digest holding an event at or above this level mentions this robot's people. Default: the default robot's <see cref="DingTalkDigestOptions.MentionLevel"/>.</summary>
    public DigestLevel? MentionLevel { get; set; }

    /// <summary>Mobile numbers to mention in this robot's group.</summary>
    public IList<string> AtMobiles { get; set; } = new List<string>();

    /// <summary>DingTalk user ids to mention in this robot's group.</summary>
    public IList<string> AtUserIds { get; set; } = new List<string>();

    /// <summary>Mention everyone in this robot's group when a digest reaches the mention level (the on-call group's <c>@all</c>).</summary>
    public bool AtAll { get; set; }

    /// <summary>The route: the lowest level this robot takes. Default: every level the front end lets through.</summary>
    public DigestLevel? MinimumLevel { get; set; }

    /// <summary>
    /// The route: the sources this robot takes (Serilog's <c>SourceContext</c>, MEL's category), each a prefix at a dot:
    /// <c>Checkout</c> takes <c>Checkout</c> and <c>Checkout.Payments</c>, not <c>CheckoutTests</c>. Empty: every source.
    /// </summary>
    public IList<string> Sources { get; set; } = new List<string>();

    /// <summary>
    /// The route: properties the event must carry with exactly these values (compared as text, ordinal; numbers in the
    /// invariant culture), such as <c>Team = payments</c>. Empty: no condition.
    /// </summary>
    public IDictionary<string, string> Properties { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The events this robot takes no longer go to the default robot (a category that belongs to another team). Default: <see langword="false"/>.</summary>
    public bool Exclusive { get; set; }

    // Never the URL or the secret.
    /// <inheritdoc />
    public override string ToString() => "DingTalkRoutedRobotOptions";
}
