using System.Collections;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging.Tests;

/// <summary>
/// What a route by property sees of a MEL call: the message's own value first, then the scopes (the innermost with the
/// key deciding), read from the logger factory's real scope providers.
/// </summary>
public sealed class ScopeRoutingTests
{
    private static readonly IReadOnlyList<KeyValuePair<string, object?>> NoValues = [];

    [Fact]
    public void A_dictionary_scope_gives_a_route_the_key_the_message_lacks()
    {
        var scopes = new LoggerExternalScopeProvider();
        using (scopes.Push(new Dictionary<string, object> { ["Team"] = "payments" }))
        {
            var properties = new StateProperties(Values(("OrderId", 42)), scopes);

            Assert.True(properties.Has("Team", "payments"));
            Assert.False(properties.Has("Team", "orders"));
            Assert.True(properties.Has("OrderId", "42"));
        }
    }

    [Fact]
    public void The_messages_own_value_wins_over_a_scopes()
    {
        var scopes = new LoggerExternalScopeProvider();
        using (scopes.Push(new Dictionary<string, object> { ["Team"] = "payments" }))
        {
            var properties = new StateProperties(Values(("Team", "orders")), scopes);

            Assert.False(properties.Has("Team", "payments"));
            Assert.True(properties.Has("Team", "orders"));
        }
    }

    [Fact]
    public void The_innermost_scope_with_the_key_wins_and_an_outer_one_answers_when_no_inner_one_has_it()
    {
        var scopes = new LoggerExternalScopeProvider();
        using (scopes.Push(new Dictionary<string, object> { ["Team"] = "payments", ["Region"] = "cn-hangzhou" }))
        using (scopes.Push(new List<KeyValuePair<string, object?>> { new("Team", "orders") }))
        using (scopes.Push("a text scope"))
        {
            var properties = new StateProperties(NoValues, scopes);

            Assert.True(properties.Has("Team", "orders"));
            Assert.False(properties.Has("Team", "payments"));
            Assert.True(properties.Has("Region", "cn-hangzhou"));
        }
    }

    [Fact]
    public void A_template_scopes_values_route_too()
    {
        var scopes = new LoggerExternalScopeProvider();
        var logger = new ScopeOnlyLogger(scopes);
        using (logger.BeginScope("Tenant {TenantId}", 7))
        {
            Assert.True(new StateProperties(NoValues, scopes).Has("TenantId", "7"));
        }

    }

    [Fact]
    public void A_scope_whose_enumeration_throws_is_skipped()
    {
        var scopes = new LoggerExternalScopeProvider();
        using (scopes.Push(new Dictionary<string, object> { ["Team"] = "payments" }))
        using (scopes.Push(new ThrowingPairs()))
        {
            var properties = new StateProperties(NoValues, scopes);

            // The failing scope is read past "Other" looking for "Team": it throws, and the outer scope answers.
            Assert.True(properties.Has("Team", "payments"));
            Assert.False(properties.Has("Region", "cn-hangzhou"));
        }
    }

    [Fact]
    public void With_no_scope_provider_only_the_messages_values_count()
    {
        var properties = new StateProperties(Values(("Team", "payments")), scopes: null);

        Assert.True(properties.Has("Team", "payments"));
        Assert.False(properties.Has("Region", "cn-hangzhou"));
        Assert.False(new StateProperties(values: null, scopes: null).Has("Team", "payments"));
    }

    [Fact]
    public void The_activity_scopes_keys_count_too()
    {
        using var source = new System.Diagnostics.ActivitySource(nameof(The_activity_scopes_keys_count_too));
        using var activityListener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(activityListener);
        var capture = new ScopeProviderCapture();
        using var factory = LoggerFactory.Create(b => b
            .Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId)
            .AddProvider(capture));

        using var activity = source.StartActivity("request")!;
        var properties = new StateProperties(NoValues, capture.Scopes);

        Assert.True(properties.Has("TraceId", activity.TraceId.ToHexString()));
        Assert.False(properties.Has("TraceId", "00000000000000000000000000000000"));
    }

    [Fact]
    public void Looking_into_list_and_dictionary_scopes_allocates_nothing()
    {
        var scopes = new LoggerExternalScopeProvider();
        using (scopes.Push(new Dictionary<string, object> { ["Team"] = "payments" }))
        using (scopes.Push(new List<KeyValuePair<string, object?>> { new("RequestPath", "/orders/42"), new("RequestId", "0HN1") }))
        {
            var properties = new StateProperties(Values(("OrderId", 42)), scopes);
            var matched = properties.Has("Team", "payments") && properties.Has("RequestPath", "/orders/42");

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                matched &= properties.Has("Team", "payments") && properties.Has("RequestPath", "/orders/42") && !properties.Has("Region", "x");
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(matched);
            Assert.Equal(0, allocated);
        }
    }

    private static IReadOnlyList<KeyValuePair<string, object?>> Values(params (string Key, object? Value)[] pairs)
        => pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).ToArray();

    private sealed class ThrowingPairs : IEnumerable<KeyValuePair<string, object?>>
    {
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return new("Other", "1");
            throw new InvalidOperationException("a scope that fails to enumerate");
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    // BeginScope(template, args) builds MEL's own template state; a logger that only pushes scopes gets it to the provider.
    private sealed class ScopeOnlyLogger(IExternalScopeProvider scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }

    // The logger factory's own scope provider (with its activity scope), as it hands it to a provider.
    private sealed class ScopeProviderCapture : ILoggerProvider, ISupportExternalScope
    {
        public IExternalScopeProvider? Scopes { get; private set; }

        public ILogger CreateLogger(string categoryName) => new ScopeOnlyLogger(Scopes!);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Scopes = scopeProvider;

        public void Dispose()
        {
        }
    }
}
