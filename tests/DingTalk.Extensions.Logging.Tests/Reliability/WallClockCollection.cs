namespace DingTalk.Extensions.Logging.Tests.Reliability;

/// <summary>
/// Tests that assert on wall-clock durations (the shutdown timeout) run alone, after the others: a busy thread pool
/// delays timers, and with them the very durations these tests measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WallClockCollection
{
    public const string Name = "Wall clock";
}
