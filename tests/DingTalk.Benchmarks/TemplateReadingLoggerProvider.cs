using DingTalk.Extensions.Logging;
using Microsoft.Extensions.Logging;

namespace DingTalk.Benchmarks;

/// <summary>
/// The least attributing a refused MEL call can cost, for <c>-- rounds</c>: a provider whose <c>Log</c> only reads the
/// call's format string (with the provider's own reader, which does not box the state) and adds one to a count of the
/// calling thread's. No queue check, no level mapping, no table.
/// </summary>
internal sealed class TemplateReadingLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => TemplateReadingLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class TemplateReadingLogger : ILogger
    {
        public static readonly TemplateReadingLogger Instance = new();

        [ThreadStatic]
        private static long t_counted;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (StateTemplate.Of(state) is not null)
            {
                t_counted++;
            }
        }
    }
}
