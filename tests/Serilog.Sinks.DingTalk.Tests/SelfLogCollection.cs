namespace Serilog.Sinks.DingTalk.Tests;

/// <summary>Serilog's SelfLog is process-wide: tests that listen to it must not run beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SelfLogCollection
{
    public const string Name = "SelfLog";
}
