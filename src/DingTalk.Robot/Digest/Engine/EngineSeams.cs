namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// Where a test replaces what the engine would otherwise build: the sender (a scripted robot), an observer of the loop
/// (to know when it is idle) and the clock of the watchdog and the rendering time box (real time in production), and the fleet's alert log.
/// </summary>
internal sealed class EngineSeams
{
    public static readonly EngineSeams None = new();

    public IDigestSender? Sender { get; set; }

    public ILoopObserver? Observer { get; set; }

    public TimeProvider? StallClock { get; set; }

    /// <summary>The fleet's alert log (a scripted one), instead of Redis's in fleet mode.</summary>
    public Memory.IFleetAlertLog? FleetAlertLog { get; set; }

    /// <summary>The fleet's digest channel (an in-memory one), instead of Redis's in fleet mode.</summary>
    public Relay.IFleetDigestChannel? FleetDigestChannel { get; set; }

    /// <summary>The fleet engine's sender (a scripted robot), when <see cref="FleetDigestChannel"/> is set.</summary>
    public IDigestSender? FleetSender { get; set; }
}
