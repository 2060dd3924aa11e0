using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Testing;
using DingTalk.Robot.Tests.Client;
using DingTalk.Testing.Shared.Reliability;
using Microsoft.Extensions.Time.Testing;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// A group of three webhooks, each a robot that accepts 20 messages in any rolling minute and throttles beyond: the
/// rotation sends to whichever robot's budget allows, so the group carries 60 digests a minute, and a throttled robot
/// is skipped while the others can send.
/// </summary>
public sealed class RotatingDigestSenderTests
{
    private static readonly string[] Tokens = ["1111aaaa", "2222bbbb", "3333cccc"];

    [Fact]
    public async Task Three_webhooks_carry_sixty_digests_a_minute_with_none_over_twenty_per_robot()
    {
        await using var group = await Group.StartAsync();

        for (var second = 0; second < 60; second++)
        {
            Assert.Equal(TimeSpan.Zero, group.Sender.WaitBeforeNextSend());
            var result = await group.Sender.SendAsync(new MarkdownMessage("digest", $"digest {second}"), CancellationToken.None);
            Assert.True(result.IsSuccess, result.ToString());
            group.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.All(group.Robots, robot =>
        {
            Assert.Equal(20, robot.Messages.Count);
            Assert.True(robot.MaxMessagesInAnyRollingMinute() <= 20);
            Assert.DoesNotContain(robot.Requests, r => r.ErrCode == 130101);
        });

        // The 61st within the minute: every budget is spent, and the group waits for the first permit to come back.
        Assert.True(group.Sender.WaitBeforeNextSend() > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_throttled_webhook_is_skipped_while_the_others_can_send()
    {
        await using var group = await Group.StartAsync();
        group.Robots[0].InjectFault(RobotFault.ErrCode(130101, "send too fast, exceed 20 times per minute"));

        var throttled = await group.Sender.SendAsync(new MarkdownMessage("digest", "first"), CancellationToken.None);
        Assert.Equal(DingTalkFailureKind.Throttled, throttled.Kind);

        // The first robot's penalty is its own: the group can still send, to the other two, in turn.
        Assert.Equal(TimeSpan.Zero, group.Sender.WaitBeforeNextSend());
        for (var i = 0; i < 4; i++)
        {
            Assert.True((await group.Sender.SendAsync(new MarkdownMessage("digest", $"next {i}"), CancellationToken.None)).IsSuccess);
        }

        Assert.Empty(group.Robots[0].Messages);
        Assert.Equal(2, group.Robots[1].Messages.Count);
        Assert.Equal(2, group.Robots[2].Messages.Count);
    }

    [Fact]
    public void Every_webhooks_token_and_secret_is_redacted()
    {
        var options = new DingTalkDigestOptions
        {
            WebhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=" + Tokens[0],
            Secret = "SECfirst0000",
            Webhooks =
            {
                new DingTalkWebhookOptions { WebhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=" + Tokens[1], Secret = "SECsecond000" },
                new DingTalkWebhookOptions { WebhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=" + Tokens[2] },
            },
        };

        using var sender = DigestSenders.Create(options, TimeProvider.System);
        var redacted = sender.Redact($"{Tokens[0]} {Tokens[1]} {Tokens[2]} SECfirst0000 SECsecond000");

        Assert.IsType<RotatingDigestSender>(sender);
        foreach (var secret in Tokens.Append("SECfirst0000").Append("SECsecond000"))
        {
            Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        }

        Assert.Equal(60, options.EffectiveMessagesPerMinute);
    }

    private sealed class Group : IAsyncDisposable
    {
        private Group(FakeTimeProvider clock, RobotEmulator[] robots, IDigestSender sender)
        {
            Clock = clock;
            Robots = robots;
            Sender = sender;
        }

        public FakeTimeProvider Clock { get; }

        public RobotEmulator[] Robots { get; }

        public IDigestSender Sender { get; }

        public static async Task<Group> StartAsync()
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero));
            var robots = new RobotEmulator[Tokens.Length];
            for (var i = 0; i < Tokens.Length; i++)
            {
                robots[i] = await RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = Tokens[i], TimeProvider = new TimerCountingClock(clock) });
            }

            var options = new DingTalkDigestOptions { WebhookUrl = robots[0].WebhookUrl, TimeProvider = clock };
            options.Webhooks.Add(new DingTalkWebhookOptions { WebhookUrl = robots[1].WebhookUrl });
            options.Webhooks.Add(new DingTalkWebhookOptions { WebhookUrl = robots[2].WebhookUrl });
            return new Group(clock, robots, DigestSenders.Create(options, clock));
        }

        public async ValueTask DisposeAsync()
        {
            Sender.Dispose();
            foreach (var robot in Robots)
            {
                await robot.DisposeAsync();
            }
        }
    }
}
