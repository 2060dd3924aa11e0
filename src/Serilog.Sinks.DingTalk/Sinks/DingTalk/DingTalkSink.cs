using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Digest.Routing;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using DingTalk.Robot.Digest.Links;

namespace Serilog.Sinks.DingTalk;

/// <summary>
/// The Serilog sink: it hands each <see cref="LogEvent"/> as it is to the digest engine of each robot whose route takes
/// it (no formatting or copying on the application's thread; an engine renders only the events a digest shows) and
/// reports delivery problems to <see cref="SelfLog"/>.
/// </summary>
internal sealed class DingTalkSink : ILogEventSink, IDisposable, IAsyncDisposable
{
    private readonly DigestRobots<LogEvent> _robots;

    // The lone default robot (the usual case), which takes every event: Emit hands events straight to its queue.
    private readonly DigestEngine<LogEvent>? _only;

    /// <summary>A sink that must send (for the benchmarks): no webhook at all is an error here.</summary>
    public DingTalkSink(DingTalkSinkOptions options)
        : this(Robots(options, SerilogSettingNames.OptionsObject) ?? throw new ArgumentException("No robot has a webhook.", nameof(options)))
    {
    }

    private DingTalkSink(DigestRobots<LogEvent> robots)
    {
        _robots = robots;
        _only = robots.Only;
    }

    /// <summary>The default robot's engine, or the first robot's (for the benchmarks, which watch its queue).</summary>
    internal DigestEngine<LogEvent> Engine => _robots.First;

    /// <summary>The sink, or <see langword="null"/> when no robot has a webhook (the sink is disabled).</summary>
    /// <param name="options">The options.</param>
    /// <param name="settingNames">Puts the settings' names as the user wrote them (Args keys, or properties) into diagnostics.</param>
    public static DingTalkSink? TryCreate(DingTalkSinkOptions options, Func<string, string> settingNames)
        => Robots(options, settingNames) is { } robots ? new DingTalkSink(robots) : null;

    public void Emit(LogEvent logEvent)
    {
        if (_only is { } only)
        {
            // The drop path first, as MEL's: a full queue counts the event in its template's group from two plain
            // reads of the event, not through the queue's refusal and the loop's reader.
            if (only.WouldRefuse)
            {
                only.CountRefused(logEvent.MessageTemplate.Text, (DigestLevel)(int)logEvent.Level);
                return;
            }

            only.TryEnqueue(logEvent);
            return;
        }

        // The source is read only when a route asks for it; a single robot takes every event without looking.
        var source = _robots.ReadsSource ? LogEventReader.SourceOf(logEvent) : null;
        var properties = new LogEventRouteProperties(logEvent);
        _robots.Enqueue(logEvent, (DigestLevel)(int)logEvent.Level, source, ref properties);
    }

    public void Dispose() => _robots.Dispose();

    public ValueTask DisposeAsync() => _robots.DisposeAsync();

    // Never the URL: Serilog's own diagnostics include a sink's ToString().
    public override string ToString() => "DingTalkSink";

    // The text goes in as an argument, never as the format: a '{' in an error message would make string.Format throw.
    internal static void WriteToSelfLog(DingTalkDiagnostic diagnostic) => SelfLog.WriteLine("{0}", diagnostic);

    private static DigestRobots<LogEvent>? Robots(DingTalkSinkOptions options, Func<string, string> settingNames)
        => DigestRobots<LogEvent>.Create(
            options,
            new LogEventReader(options.FormatProvider, PropertySelection.From(options, LinkSet.From(options))),
            diagnostic => WriteToSelfLog(new DingTalkDiagnostic(diagnostic.Kind, settingNames(diagnostic.Message))));

    /// <summary>A route's view of the event's properties (the template's, the enrichers', LogContext's): scalars only.</summary>
    private readonly struct LogEventRouteProperties : IRouteProperties
    {
        private readonly LogEvent _logEvent;

        public LogEventRouteProperties(LogEvent logEvent) => _logEvent = logEvent;

        public bool Has(string name, string value)
            => _logEvent.Properties.TryGetValue(name, out var property) && property is ScalarValue scalar && RouteValue.Matches(scalar.Value, value);
    }
}
