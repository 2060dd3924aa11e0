using DingTalk.Extensions.Logging;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Engine;
using Microsoft.Extensions.Logging;

namespace DingTalk.Benchmarks;

/// <summary>
/// The least attributing a refused MEL call can cost, for <c>-- rounds</c>: a provider whose <c>Log</c> only reads the
/// call's format string (with the provider's own reader, which does not box the state) and adds one to a count of the
/// calling thread's. No queue check, no level mapping, no table. Given a <see cref="DropTally"/>, it counts there
/// instead, as our drop path does: the floor plus what finding the template's slot adds.
/// </summary>
internal sealed class TemplateReadingLoggerProvider : ILoggerProvider
{
    private readonly TemplateReadingLogger _logger;

    public TemplateReadingLoggerProvider(DropTally? tally = null) => _logger = new TemplateReadingLogger(tally);

    public ILogger CreateLogger(string categoryName) => _logger;

    public void Dispose()
    {
    }

    private sealed class TemplateReadingLogger : ILogger
    {
        [ThreadStatic]
        private static long t_counted;

        private readonly DropTally? _tally;

        public TemplateReadingLogger(DropTally? tally) => _tally = tally;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (_tally is { } tally)
            {
                tally.Count(StateTemplate.Of(state), DigestLevel.Error);
            }
            else if (StateTemplate.Of(state) is not null)
            {
                t_counted++;
            }
        }
    }
}
