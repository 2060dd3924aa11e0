using DingTalk.Robot.Digest;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared.Reliability;

namespace DingTalk.Testing.Shared.FrontEnds;

/// <summary>
/// A robot emulator and an application logging to it through one front end, both on one simulated clock (unless the
/// scenario asks for the real one), with the front end's diagnostics captured.
/// </summary>
internal sealed class ScenarioRig : IAsyncDisposable
{
    public const string Secret = "SECrel7f3c9a1b2d4e6f80a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6";
    public const string AccessToken = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2";

    /// <summary>The shutdown timeout a scenario gets unless it sets its own.</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(2);

    private ScenarioRig(IFrontEnd frontEnd, SimulatedTime time, RobotEmulator robot, ILoggingApp app)
    {
        FrontEnd = frontEnd;
        Time = time;
        Robot = robot;
        App = app;
    }

    public IFrontEnd FrontEnd { get; }

    public SimulatedTime Time { get; }

    public RobotEmulator Robot { get; }

    /// <summary>The application: log through it, stop it.</summary>
    public ILoggingApp App { get; }

    /// <summary>The front end's diagnostics of one kind ("Information", "Temporary", "Permanent", "Final").</summary>
    public IReadOnlyList<string> Diagnostics(string kind)
        => App.Diagnostics.Where(l => l.Contains($"DingTalk ({kind}):", StringComparison.Ordinal)).ToList();

    /// <param name="frontEnd">The front end the application logs through.</param>
    /// <param name="robot">Changes the emulator's options (it starts with this rig's token and secret, on the simulated clock).</param>
    /// <param name="options">Changes the front end's options (they start with the emulator's webhook and secret, title
    /// "Reliability", a 2 s shutdown timeout, the simulated clock and its counting handler).</param>
    /// <param name="realClock">Leaves the clock of both the emulator and the front end real.</param>
    public static async Task<ScenarioRig> StartAsync(
        IFrontEnd frontEnd,
        Action<RobotEmulatorOptions>? robot = null,
        Action<DingTalkDigestOptions>? options = null,
        bool realClock = false)
    {
        var time = new SimulatedTime();
        var robotOptions = new RobotEmulatorOptions { AccessToken = AccessToken, Secret = Secret };
        if (!realClock)
        {
            robotOptions.TimeProvider = time.RobotClock;
        }

        robot?.Invoke(robotOptions);
        var emulator = await RobotEmulator.StartAsync(robotOptions);
        var app = await frontEnd.StartAsync(new FrontEndOptions(emulator.WebhookUrl)
        {
            Secret = Secret,
            Title = "Reliability",
            ShutdownTimeout = DefaultShutdownTimeout,
            Clock = realClock ? null : time.Clock,
            Http = time.Http,
            Configure = options,
        });
        return new ScenarioRig(frontEnd, time, emulator, app);
    }

    /// <summary>Fails if a logging call threw or blocked, or threw where the library kept it from the caller.</summary>
    public void AssertLoggingNeverThrewNorBlocked(SlowestCall calls)
    {
        calls.AssertNeverThrewNorBlocked();
        Assert.Null(App.SwallowedException);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Robot.DisposeAsync();
        Time.Dispose();
    }
}
