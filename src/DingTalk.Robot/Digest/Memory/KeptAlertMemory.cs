namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// An <see cref="AlertMemory"/> with its own monotonic origin, so it can outlive the engine that made it: the MEL
/// provider hands it to the engine that replaces the old one at an options reload (same robot), and "ongoing since"
/// survives the reload. The engines' loops may overlap during the hand-over: they take <see cref="Gate"/>.
/// </summary>
internal sealed class KeptAlertMemory
{
    private readonly TimeProvider _time;
    private readonly long _origin;

    public KeptAlertMemory(TimeProvider time, int maxTrackedFingerprints)
    {
        _time = time;
        _origin = time.GetTimestamp();
        Memory = new AlertMemory(TimeSpan.Zero, maxTrackedFingerprints);
    }

    /// <summary>The memory; use it only while holding <see cref="Gate"/>.</summary>
    public AlertMemory Memory { get; }

    /// <summary>Taken around every use of <see cref="Memory"/> (once or twice per digest window: never contended in steady state).</summary>
    public object Gate => Memory;

    /// <summary>The memory's monotonic now.</summary>
    public TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>The wall clock now, for people (a time the fleet reports as an age is shown as now minus the age).</summary>
    public DateTimeOffset WallNow => _time.GetUtcNow();

    /// <summary>Whether an engine on <paramref name="time"/> can continue this memory (the same clock).</summary>
    public bool RunsOn(TimeProvider time) => ReferenceEquals(time, _time);
}
