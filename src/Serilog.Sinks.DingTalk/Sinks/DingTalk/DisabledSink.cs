using Serilog.Core;
using Serilog.Events;

namespace Serilog.Sinks.DingTalk;

/// <summary>Stands in for the sink when the webhook is empty (a placeholder to be filled per environment).</summary>
internal sealed class DisabledSink : ILogEventSink
{
    public static readonly DisabledSink Instance = new();

    private DisabledSink()
    {
    }

    public void Emit(LogEvent logEvent)
    {
    }

    public override string ToString() => "DingTalkSink (disabled: no webhook)";
}
