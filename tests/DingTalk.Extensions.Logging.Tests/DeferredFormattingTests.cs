using System.Globalization;
using DingTalk.Robot.Digest;
using Microsoft.Extensions.Logging;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Extensions.Logging.Tests;

/// <summary>
/// The logger leaves formatting to the digest loop for Microsoft.Extensions.Logging's own state structs with immutable
/// values: the event it then builds must be exactly what formatting on the calling thread would have built.
/// </summary>
public sealed class DeferredFormattingTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 26, 53, TimeSpan.FromHours(8));

    private static readonly Action<ILogger, double, DateTime, Exception?> Defined =
        LoggerMessage.Define<double, DateTime>(LogLevel.Error, new EventId(7, "Defined"), "Amount {Amount} at {When}");

    [Fact]
    public void A_deferred_event_equals_the_one_formatted_on_the_calling_thread_in_the_callers_culture()
    {
        var probe = new Probe();
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            probe.LogError(new EventId(42, "Charge"), "Charge {Amount} for {Customer} on {Day} ({Id}, {Kind}, {Price})",
                1234.5, "alice", new DateTime(2025, 3, 14, 9, 26, 53), Guid.Empty, DayOfWeek.Friday, 19.99m);
            Defined(probe, 0.5, new DateTime(2025, 1, 2), null);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        // Rendered later, on a thread whose culture is another one: the caller's culture still applies.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            Assert.Equal(2, probe.Captured.Count);
            foreach (var (eager, deferred) in probe.Captured)
            {
                var later = deferred.ToDigestEvent();
                Assert.Equal(eager.RenderedMessage, later.RenderedMessage);
                Assert.Equal(eager.MessageTemplate, later.MessageTemplate);
                Assert.Equal(eager.Level, later.Level);
                Assert.Equal(eager.Timestamp, later.Timestamp);
                Assert.Equal(eager.EventId, later.EventId);
                Assert.Equal(eager.EventName, later.EventName);
                Assert.Equal(eager.Source, later.Source);
                Assert.Equal(eager.Properties ?? [], later.Properties ?? []);
                Assert.Equal(eager.LinkValues!.ToArray(), later.LinkValues!.ToArray());
            }

            // The message shows the values, so they are no properties to show; the links still get them, in the caller's culture.
            Assert.Null(probe.Captured[0].Deferred.ToDigestEvent().Properties);
            Assert.Contains(new KeyValuePair<string, string>("Amount", "1234,5"), probe.Captured[0].Deferred.ToDigestEvent().LinkValues!);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Only_the_logging_librarys_own_structs_are_deferred()
    {
        Assert.False(Deferral<UserState>.Allowed);
        Assert.False(Deferral<string>.Allowed);
        Assert.False(Deferral<List<KeyValuePair<string, object?>>>.Allowed);
    }

    private static PropertySelection SelectionFor(string link)
    {
        var options = new DingTalkDigestOptions { Links = { ["Trace"] = link } };
        return PropertySelection.From(options, DingTalk.Robot.Digest.Links.LinkSet.From(options));
    }

    private readonly struct UserState
    {
    }

    // Builds both events from the same call: formatted now (the calling thread's path) and deferred.
    private sealed class Probe : ILogger
    {
        // Links that use every value, so that each one is captured, shown or not.
        private static readonly PropertySelection Selection = SelectionFor("https://e.example/{Amount}/{Customer}/{Day}/{Id}/{Kind}/{Price}/{When}");

        public List<(DigestEvent Eager, PendingEvent Deferred)> Captured { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Assert.True(Deferral<TState>.Allowed);
            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            var eager = DingTalkLogger.Capture(Now, DigestLevel.Error, "Checkout", eventId, values, DingTalkLogger.Format(state, exception, formatter), exception, Selection, scopes: null);
            var deferred = new DeferredEvent<TState>(Now, DigestLevel.Error, "Checkout", eventId, values!, exception, formatter, CultureInfo.CurrentCulture, Selection, scopes: null);
            Captured.Add((eager, deferred));
        }
    }
}
