using System.Diagnostics;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.Reliability;
using Microsoft.Extensions.Time.Testing;

namespace DingTalk.Robot.Tests.Client;

/// <summary>
/// An emulated robot and a client pointed at it, sharing one fake clock (unless the test gives the client its own),
/// so that backoffs, the rate limit and the throttle take no real time.
/// </summary>
internal sealed class RobotHarness : IAsyncDisposable
{
    private RobotHarness(FakeTimeProvider clock, TimerCountingClock robotClock, RobotEmulator robot, RecordingHandler http, DingTalkRobotOptions options, DingTalkRobotClient client)
    {
        Clock = clock;
        RobotClock = robotClock;
        Robot = robot;
        Http = http;
        Options = options;
        Client = client;
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>The emulator's view of <see cref="Clock"/>: counts the timers its Delay faults start.</summary>
    public TimerCountingClock RobotClock { get; }

    public RobotEmulator Robot { get; }

    public RecordingHandler Http { get; }

    public DingTalkRobotOptions Options { get; }

    public DingTalkRobotClient Client { get; }

    public static async Task<RobotHarness> StartAsync(
        Action<RobotEmulatorOptions>? configureRobot = null,
        Action<DingTalkRobotOptions>? configureClient = null,
        FakeTimeProvider? clientClock = null,
        RecordingHandler? http = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero));
        var robotClock = new TimerCountingClock(clock);
        var robotOptions = new RobotEmulatorOptions
        {
            AccessToken = TestSecrets.AccessToken,
            Secret = TestSecrets.Secret,
            TimeProvider = robotClock,
        };
        configureRobot?.Invoke(robotOptions);
        var robot = await RobotEmulator.StartAsync(robotOptions);

        var options = new DingTalkRobotOptions
        {
            WebhookUrl = robot.WebhookUrl,
            Secret = TestSecrets.Secret,
            Timeout = TimeSpan.FromSeconds(30),
        };
        configureClient?.Invoke(options);
        http ??= new RecordingHandler();
        var client = new DingTalkRobotClient(options, (HttpMessageHandler)http, clientClock ?? clock);
        return new RobotHarness(clock, robotClock, robot, http, options, client);
    }

    /// <summary>
    /// Waits for <paramref name="task"/>, advancing the fake clock by <paramref name="step"/> whenever no request is in
    /// flight (the client is then waiting on a timer: a backoff or the rate limit).
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> task, TimeSpan? step = null)
    {
        var stepSize = step ?? TimeSpan.FromMilliseconds(250);
        var realTime = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            if (realTime.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException(
                    $"The send did not finish ({Http.RequestUris.Count} request(s) sent, {Http.InFlight} in flight); the robot saw: {string.Join("; ", Robot.Requests)}");
            }

            await Task.WhenAny(task, Task.Delay(5));
            if (!task.IsCompleted && Http.InFlight == 0)
            {
                Clock.Advance(stepSize);
            }
        }

        return await task;
    }

    /// <summary>Waits until the emulator holds a request back with a Delay fault.</summary>
    public Task WaitUntilTheRobotDelaysAsync(int delayedRequests = 1)
        => Poll.UntilAsync(() => RobotClock.TimersCreated >= delayedRequests, "the robot delays the request");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Robot.DisposeAsync();
    }
}
