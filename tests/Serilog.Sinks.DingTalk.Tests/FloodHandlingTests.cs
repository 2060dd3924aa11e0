using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Serilog.Sinks.DingTalk.Tests;

public sealed class FloodHandlingTests
{
    [Fact]
    public async Task Full_batches_are_paced_to_an_even_share_of_the_minutes_budget()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { TimeProvider = clock });
        var logger = new LoggerConfiguration()
            .WriteTo.DingTalk(new DingTalkSinkOptions
            {
                WebhookUrl = robot.WebhookUrl,
                TimeProvider = clock,
                BatchSizeLimit = 5,
                BufferingTimeLimit = TimeSpan.FromMinutes(10),
                MessagesPerMinute = 20,
            })
            .CreateLogger();

        Burst(logger, 5);
        await robot.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));

        // The second full batch may not go out before 60 s / 20 = 3 s after the first digest.
        Burst(logger, 5);
        await Task.Delay(500);
        Assert.Single(robot.Messages);

        clock.Advance(TimeSpan.FromSeconds(3));
        var digests = await robot.WaitForMessagesAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(5, DigestText.EventCount(digests[1]));
        await logger.DisposeAsync();
    }

    [Fact]
    public async Task Events_keep_being_taken_from_the_queue_while_a_post_is_in_flight()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var logger = new LoggerConfiguration()
            .WriteTo.DingTalk(robot.WebhookUrl, batchSizeLimit: 1, queueLimit: 350, bufferingTimeLimit: TimeSpan.FromMinutes(10))
            .CreateLogger();

        // The first digest's post takes five seconds (room for a loaded machine); 1,000 more events arrive meanwhile, never more than 100 at once.
        // (The robot records a request only once it answers, so the test gives the post a moment to start.)
        robot.InjectFault(RobotFault.Delay(TimeSpan.FromSeconds(5)));
        logger.Error("The first event");
        await Task.Delay(300);
        Assert.Empty(robot.Requests);
        for (var i = 0; i < 10; i++)
        {
            Burst(logger, 100);
            await Task.Delay(50);
        }

        Assert.Empty(robot.Requests);
        await logger.DisposeAsync();

        Assert.Equal(1001, robot.Messages.Sum(DigestText.EventCount));
        Assert.Equal(0, robot.Messages.Sum(DigestText.DroppedCount));
    }

    private static void Burst(ILogger logger, int count)
    {
        for (var i = 0; i < count; i++)
        {
            logger.Error("Flood event {Index}", i);
        }
    }
}
