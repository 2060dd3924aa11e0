using System.Text.RegularExpressions;
using DingTalk.Robot.Digest;
using DingTalk.Testing.Shared.Reliability;
using Serilog;
using Serilog.Context;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Sinks.DingTalk;

namespace DingTalk.Testing.Shared.FrontEnds;

/// <summary>
/// A Serilog logger writing to DingTalk through <c>WriteTo.DingTalk(options)</c>, every level let through, with the
/// log context enriching events (for scopes) and SelfLog captured (the sink's diagnostics go there).
/// </summary>
internal sealed class SerilogFrontEnd : IFrontEnd
{
    public static readonly SerilogFrontEnd Instance = new();

    public int ShutdownPhases => 1;

    public Task<ILoggingApp> StartAsync(FrontEndOptions options)
    {
        var sinkOptions = new DingTalkSinkOptions
        {
            WebhookUrl = options.WebhookUrl,
            Secret = options.Secret,
            Title = options.Title,
            TimeProvider = options.Clock,
            MessageHandler = options.Http,
        };
        if (options.ShutdownTimeout is { } shutdownTimeout)
        {
            sinkOptions.ShutdownTimeout = shutdownTimeout;
        }

        options.Configure?.Invoke(sinkOptions);
        var selfLog = SelfLogCapture.Start();
        try
        {
            // The sink is wrapped in a recorder: what its Emit throws is seen before Serilog keeps it from the caller.
            ThrowRecorder? recorder = null;
            var configuration = new LoggerConfiguration().MinimumLevel.Verbose().Enrich.FromLogContext();
            LoggerSinkConfiguration.Wrap(
                configuration.WriteTo,
                sink => recorder = new ThrowRecorder(sink),
                wrapped => wrapped.DingTalk(sinkOptions, LogEventLevel.Verbose),
                LogEventLevel.Verbose,
                levelSwitch: null);
            var logger = configuration.CreateLogger();
            return Task.FromResult<ILoggingApp>(new SerilogApp(logger, selfLog, recorder!));
        }
        catch
        {
            // An option the sink refuses: the test observes the exception, and SelfLog is not left captured.
            selfLog.Dispose();
            throw;
        }
    }

    public override string ToString() => "Serilog";

    private sealed class SerilogApp(Logger logger, SelfLogCapture selfLog, ThrowRecorder recorder) : ILoggingApp
    {
        private static readonly Regex Hole = new(@"\{@?(\w+)\}", RegexOptions.CultureInvariant);
        private bool _loggingDisposed;

        public IReadOnlyList<string> Diagnostics => selfLog.Lines;

        public Exception? SwallowedException => recorder.Thrown;

        // Not 0 for another sink (a disabled one): a wait on it would pass without waiting.
        public int QueuedEvents => recorder.Sink is DingTalkSink sink
            ? sink.Engine.QueuedCount
            : throw new InvalidOperationException("The logger's sink is " + recorder.Sink.GetType().Name + ", not the DingTalk sink: it has no queue.");

        public void Log(DigestLevel level, Exception? exception, string template, params object?[] values)
            => logger.Write((LogEventLevel)level, exception, template, values);

        public IDisposable BeginScope(string template, object? value) => LogContext.PushProperty(Hole.Match(template).Groups[1].Value, value);

        public IDisposable BeginProperties(IReadOnlyDictionary<string, object?> properties)
        {
            var pushed = properties.Select(p => LogContext.PushProperty(p.Key, p.Value)).ToList();
            return new Popper(pushed);
        }

        public void LogHostile(HostileCall call)
        {
            var exception = Hostile.Exception(call.ExceptionKind, call.Text);
            var value = Hostile.Value(call.ValueKind, call.Text);
            if (call.TextIsTemplate)
            {
                logger.Write((LogEventLevel)call.Level, exception, call.Text, value);
            }
            else
            {
                logger.Write((LogEventLevel)call.Level, exception, "Value {@Value} and {Text} and {Plain}", value, call.Text, value);
            }
        }

        public string DescribeLogging() => logger.ToString() ?? string.Empty;

        public Task StopAsync()
        {
            _loggingDisposed = true;
            return logger.DisposeAsync().AsTask();
        }

        public Task DisposeLoggingAsync()
        {
            _loggingDisposed = true;
            logger.Dispose();
            return Task.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_loggingDisposed)
            {
                await StopAsync();
            }

            selfLog.Dispose();
        }
    }

    /// <summary>Ends pushed properties, the last pushed first (as LogContext requires).</summary>
    private sealed class Popper(List<IDisposable> pushed) : IDisposable
    {
        public void Dispose()
        {
            for (var i = pushed.Count - 1; i >= 0; i--)
            {
                pushed[i].Dispose();
            }
        }
    }

    /// <summary>
    /// Sits between Serilog and the sink and records what the sink's Emit throws, which Serilog would catch and keep
    /// from the caller. Disposing it disposes the sink, as Serilog would have.
    /// </summary>
    private sealed class ThrowRecorder(ILogEventSink sink) : ILogEventSink, IDisposable, IAsyncDisposable
    {
        private Exception? _thrown;

        public ILogEventSink Sink => sink;

        public Exception? Thrown => Volatile.Read(ref _thrown);

        public void Emit(LogEvent logEvent)
        {
            try
            {
                sink.Emit(logEvent);
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _thrown, ex, null);
                throw;
            }
        }

        public void Dispose() => (sink as IDisposable)?.Dispose();

        public ValueTask DisposeAsync()
        {
            if (sink is IAsyncDisposable asyncDisposable)
            {
                return asyncDisposable.DisposeAsync();
            }

            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
