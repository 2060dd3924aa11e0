namespace DingTalk.Testing.Shared.Reliability;

/// <summary>
/// An exception whose <see cref="Message"/> blocks its first reader until <see cref="Release"/>. Log it once: the
/// digest loop reads the message when it formats the digest, so it stalls there — as a CPU-starved loop would —
/// while the application goes on logging. The queue then fills to exactly its limit and every further event is
/// dropped, which makes "memory is bounded by QueueLimit" and "drops are counted" deterministic.
/// Nothing on the application's side reads the message (the front ends only pass the exception along).
/// </summary>
internal sealed class LoopStaller : Exception
{
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _released = new();
    private int _reads;

    public bool HasStalled => _entered.IsSet;

    public override string Message
    {
        get
        {
            if (Interlocked.Increment(ref _reads) == 1)
            {
                _entered.Set();

                // Bounded, so that a test that forgets to release fails instead of hanging the run.
                _released.Wait(TimeSpan.FromSeconds(30));
            }

            return "the digest loop was stalled here by the test";
        }
    }

    public void Release() => _released.Set();
}
