using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging.Tests;

/// <summary>
/// Captures what one logging call hands its providers (level, event id, the state as its own type, the formatter), to
/// replay it against another logger: MEL's states are internal structs that a test cannot build by name, and a replay
/// passes the struct itself, not a box of it.
/// </summary>
internal static class StateReplay
{
    public static Action<ILogger> Capture(Action<ILogger> call)
    {
        var capture = new CapturingLogger();
        call(capture);
        return capture.Replay ?? throw new InvalidOperationException("The call logged nothing.");
    }

    /// <summary>What <paramref name="call"/>'s state reads as through <see cref="StateTemplate.Of{TState}"/>.</summary>
    public static string? TemplateOf(Action<ILogger> call)
    {
        var capture = new CapturingLogger();
        call(capture);
        return capture.Template;
    }

    /// <summary>The type of <paramref name="call"/>'s state, as the providers see it.</summary>
    public static Type StateTypeOf(Action<ILogger> call)
    {
        var capture = new CapturingLogger();
        call(capture);
        return capture.StateType ?? throw new InvalidOperationException("The call logged nothing.");
    }

    private sealed class CapturingLogger : ILogger
    {
        public Type? StateType { get; private set; }

        public Action<ILogger>? Replay { get; private set; }

        public string? Template { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Replay = logger => logger.Log(logLevel, eventId, state, exception, formatter);
            Template = StateTemplate.Of(state);
            StateType = typeof(TState);
        }
    }
}
