using DingTalk.Robot.Digest;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared.FrontEnds;
using DingTalk.Testing.Shared.Reliability;

namespace DingTalk.Scenarios.Tests;

/// <summary>
/// A robot group of three webhooks (three robots in one DingTalk group, each throttling beyond 20 messages a minute)
/// under a steady stream of errors, every batch a digest: the digests rotate across the robots, the group carries
/// three robots' paced budget, and no robot gets more than 20 in any rolling minute, nor is ever throttled.
/// </summary>
public sealed class RotationScenarios
{
    private static readonly string[] Tokens = ["1111aaaa1111", "2222bbbb2222", "3333cccc3333"];

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task Three_webhooks_carry_three_robots_budget_with_none_over_twenty_a_minute(FrontEnd frontEnd)
    {
        using var time = new SimulatedTime();
        var robots = new List<RobotEmulator>();
        foreach (var token in Tokens)
        {
            robots.Add(await RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = token, TimeProvider = time.RobotClock }));
        }

        try
        {
            await using var app = await frontEnd.Adapter().StartAsync(new FrontEndOptions(robots[0].WebhookUrl)
            {
                Title = "Rotation",
                ShutdownTimeout = ScenarioRig.DefaultShutdownTimeout,
                Clock = time.Clock,
                Http = time.Http,
                Configure = o =>
                {
                    o.BufferingTimeLimit = TimeSpan.FromSeconds(1);
                    o.RememberAlerts = false;
                    o.Webhooks.Add(new DingTalkWebhookOptions { WebhookUrl = robots[1].WebhookUrl });
                    o.Webhooks.Add(new DingTalkWebhookOptions { WebhookUrl = robots[2].WebhookUrl });
                },
            });

            // The schedule's spacing for 3 × 20 a minute: three quarters of the budget, evenly (1.33 s, 45 a minute).
            var spacing = TimeSpan.FromTicks(TimeSpan.FromMinutes(1).Ticks * 4 / (3L * 60));
            var minutes = 3;
            var steps = (int)(TimeSpan.FromMinutes(minutes).Ticks / spacing.Ticks);
            for (var step = 0; step < steps; step++)
            {
                app.Error("Payment {Step} failed", step);
                await time.AdvanceAsync(spacing, spacing);
            }

            var total = robots.Sum(r => r.Messages.Count);

            // One robot can never carry more than 20 a minute; the group carries more (paced, 45 a minute on a quiet
            // machine; a loaded one lets the simulated clock run ahead of the loop, so the floor is the invariant, not
            // the pace), and the robots take their turns evenly.
            var counts = string.Join(", ", robots.Select(r => r.Messages.Count));
            Assert.True(total > minutes * 20, $"{total} digests in {minutes} minutes: {counts}");
            Assert.All(robots, robot =>
            {
                Assert.True(Math.Abs((robot.Messages.Count * 3) - total) <= 6, $"each robot takes its turn: {counts}");
                Assert.True(robot.MaxMessagesInAnyRollingMinute() <= 20, $"{robot.MaxMessagesInAnyRollingMinute()} in one minute");
                Assert.DoesNotContain(robot.Requests, r => r.ErrCode == 130101);
            });
        }
        finally
        {
            foreach (var robot in robots)
            {
                await robot.DisposeAsync();
            }
        }
    }
}
