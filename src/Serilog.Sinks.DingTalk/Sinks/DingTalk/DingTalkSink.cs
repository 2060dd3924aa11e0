using DingTalk.Robot.Digest;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace Serilog.Sinks.DingTalk;

/// <summary>
/// The Serilog sink: it hands each <see cref="LogEvent"/> as it is to the digest engine (no formatting or copying on
/// the application's thread; the engine renders only the events a digest shows) and reports delivery problems to
/// <see cref="SelfLog"/>.
/// </summary>
internal sealed class DingTalkSink : ILogEventSink, IDisposable, IAsyncDisposable
{
    private readonly DigestPipeline<LogEvent> _pipeline;

    public DingTalkSink(DingTalkSinkOptions options)
    {
        var reader = new LogEventReader(options.FormatProvider, options.IncludeProperties);
        _pipeline = new DigestPipeline<LogEvent>(options, reader, WriteToSelfLog);
    }

    /// <summary>The engine (for the benchmarks, which watch its queue).</summary>
    internal DigestPipeline<LogEvent> Pipeline => _pipeline;

    public void Emit(LogEvent logEvent) => _pipeline.TryEnqueue(logEvent);

    public void Dispose() => _pipeline.Dispose();

    public ValueTask DisposeAsync() => _pipeline.DisposeAsync();

    // Never the URL: Serilog's own diagnostics include a sink's ToString().
    public override string ToString() => "DingTalkSink";

    // The text goes in as an argument, never as the format: a '{' in an error message would make string.Format throw.
    internal static void WriteToSelfLog(DingTalkDiagnostic diagnostic) => SelfLog.WriteLine("{0}", diagnostic);
}
