using DingTalk.Robot.Digest;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Digest.Links;

namespace Serilog.Sinks.DingTalk;

/// <summary>
/// The Serilog sink: it hands each <see cref="LogEvent"/> as it is to the digest engine (no formatting or copying on
/// the application's thread; the engine renders only the events a digest shows) and reports delivery problems to
/// <see cref="SelfLog"/>.
/// </summary>
internal sealed class DingTalkSink : ILogEventSink, IDisposable, IAsyncDisposable
{
    private readonly DigestEngine<LogEvent> _engine;

    public DingTalkSink(DingTalkSinkOptions options)
        : this(options, SerilogSettingNames.OptionsObject)
    {
    }

    /// <param name="options">The options.</param>
    /// <param name="settingNames">Puts the settings' names as the user wrote them (Args keys, or properties) into diagnostics.</param>
    public DingTalkSink(DingTalkSinkOptions options, Func<string, string> settingNames)
    {
        var reader = new LogEventReader(options.FormatProvider, PropertySelection.From(options, LinkSet.From(options)));
        _engine = new DigestEngine<LogEvent>(
            options, reader, diagnostic => WriteToSelfLog(new DingTalkDiagnostic(diagnostic.Kind, settingNames(diagnostic.Message))));
    }

    /// <summary>The engine (for the benchmarks, which watch its queue).</summary>
    internal DigestEngine<LogEvent> Engine => _engine;

    public void Emit(LogEvent logEvent) => _engine.TryEnqueue(logEvent);

    public void Dispose() => _engine.Dispose();

    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    // Never the URL: Serilog's own diagnostics include a sink's ToString().
    public override string ToString() => "DingTalkSink";

    // The text goes in as an argument, never as the format: a '{' in an error message would make string.Format throw.
    internal static void WriteToSelfLog(DingTalkDiagnostic diagnostic) => SelfLog.WriteLine("{0}", diagnostic);
}
