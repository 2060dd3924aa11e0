namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// Wakes the digest loop from a wait (a flush or a shutdown was requested). The loop takes <see cref="Current"/>
/// BEFORE it looks at the request flags, so a request made after that look completes the very task it then waits on.
/// </summary>
internal sealed class WakeSignal
{
    private TaskCompletionSource<bool> _current = NewSource();

    public Task Current => Volatile.Read(ref _current).Task;

    public void Set()
    {
        var previous = Interlocked.Exchange(ref _current, NewSource());
        previous.TrySetResult(true);
    }

    private static TaskCompletionSource<bool> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
