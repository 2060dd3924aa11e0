namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// A test's view of the digest loop: told each time the loop is about to sleep with nothing to do until a delay (on
/// the engine's clock) passes or something wakes it. A test that waits for this knows the loop has done everything that
/// was due, so it can move a fake clock on without sleeping in real time.
/// </summary>
internal interface ILoopObserver
{
    /// <summary>The loop sleeps for at most <paramref name="delay"/> (<see langword="null"/>: until woken).</summary>
    void Idle(TimeSpan? delay);
}
