using DingTalk.Robot.Digest.Routing;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>The real sender for an engine's options: one robot, or a rotation across a group's webhooks.</summary>
internal static class DigestSenders
{
    public static IDigestSender Create(DingTalkDigestOptions options, TimeProvider time, Action<DingTalkDiagnostic>? diagnostics = null)
    {
        var robots = RobotWebhooks.RobotOptions(options);
        if (robots.Count == 1)
        {
            return new RobotDigestSender(new DingTalkRobotClient(robots[0], options.MessageHandler, time, diagnostics), time);
        }

        var senders = new List<RobotDigestSender>(robots.Count);
        foreach (var robot in robots)
        {
            senders.Add(new RobotDigestSender(new DingTalkRobotClient(robot, options.MessageHandler, time, diagnostics), time));
        }

        return new RotatingDigestSender(senders);
    }
}
