using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DingTalk.Testing.Shared.FrontEnds;

/// <summary>
/// An <see cref="ILoggerProvider"/> for the application's logging that keeps what the DingTalk provider writes under
/// its own diagnostics category, and nothing else.
/// </summary>
internal sealed class DiagnosticsCapture : ILoggerProvider
{
    public const string Category = "DingTalk.Extensions.Logging.DingTalkLoggerProvider";

    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? new Capturing(_lines) : Ignoring.Instance;

    public void Dispose()
    {
    }

    private sealed class Capturing(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => lines.Enqueue(formatter(state, exception));
    }

    private sealed class Ignoring : ILogger
    {
        public static readonly Ignoring Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
