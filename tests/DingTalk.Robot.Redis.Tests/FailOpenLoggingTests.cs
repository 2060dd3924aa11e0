using DingTalk.Robot.Redis.Tests.Infrastructure;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;
using Serilog;
using Serilog.Debugging;

namespace DingTalk.Robot.Redis.Tests;

/// <summary>
/// Fleet mode as a user runs it (the Serilog sink with <c>fleetRedis</c>, the robot emulator, a real redis-server):
/// Redis is killed while four threads log, and no logging call blocks, every event is delivered within the local
/// share, and SelfLog says why without the password.
/// </summary>
/// <remarks>
/// TEST-ONLY shortened fleet window (3 s): an outage starts with one window without local posts (the fleet's posts
/// before it may fill the robot's minute), and production's 61 s would outlast the test. The window is process-wide,
/// so this test runs alone, with the fleet processes.
/// </remarks>
[Collection(FleetProcessCollection.Name)]
public sealed class FailOpenLoggingTests
{
    private const string Password = "fleet-pw-30b7e1";

    [Fact]
    public async Task Killing_Redis_while_the_app_logs_blocks_no_call_and_every_event_still_arrives_within_the_local_share()
    {
        using var server = await RedisServer.StartAsync(Password);
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions());
        var selfLog = new List<string>();
        var timings = FleetTimings.Current;
        FleetTimings.Current = new FleetTimings { Window = TimeSpan.FromSeconds(3) };
        SelfLog.Enable(line =>
        {
            lock (selfLog)
            {
                selfLog.Add(line);
            }
        });

        try
        {
            var logger = new LoggerConfiguration()
                .WriteTo.DingTalk(
                    robot.WebhookUrl,
                    bufferingTimeLimit: TimeSpan.FromMilliseconds(200),
                    batchSizeLimit: 20_000,
                    queueLimit: 20_000,
                    fleetRedis: server.ConnectionString,
                    fleetName: "orders",
                    fleetExpectedReplicas: 10)
                .CreateLogger();
            var calls = new SlowestCall();

            await calls.RunAsync(SlowestCall.Split(2_000, 4), (thread, i) => logger.Error("Timeout calling {Service} ({Attempt})", "payments", i));
            await Poll.UntilAsync(() => robot.Messages.Count >= 1, "the first digest, through the fleet's budget");

            server.Stop();
            await calls.RunAsync(SlowestCall.Split(2_000, 4), (thread, i) => logger.Error("Timeout calling {Service} ({Attempt})", "payments", i));
            await logger.DisposeAsync();

            calls.AssertNeverThrewNorBlocked();
            Assert.Equal(4_000, robot.Messages.Sum(DigestText.EventCount));

            // One post through Redis, then, a window later, the local share (20 / 10 replicas): two at most.
            Assert.InRange(robot.Messages.Count, 2, 3);
            DigestChecks.AssertAllAccepted(robot);
            string[] lines;
            lock (selfLog)
            {
                lines = selfLog.ToArray();
            }

            Assert.Single(lines, line => line.Contains("Fleet coordination is unavailable (Redis at 127.0.0.1:" + server.Port, StringComparison.Ordinal)
                                         && line.Contains("2 messages a minute", StringComparison.Ordinal));
            Assert.All(lines, line => Assert.DoesNotContain(Password, line));
        }
        finally
        {
            SelfLog.Disable();
            FleetTimings.Current = timings;
        }
    }
}
