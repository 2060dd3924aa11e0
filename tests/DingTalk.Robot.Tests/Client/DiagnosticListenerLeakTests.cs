using System.Collections.Concurrent;
using System.Diagnostics;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Testing;

namespace DingTalk.Robot.Tests.Client;

/// <summary>
/// A handler given by the user (a proxy, typically a <see cref="SocketsHttpHandler"/>) must not show the webhook URL,
/// its access token and sign, to in-process diagnostics subscribers (APM agents): .NET's HTTP instrumentation passes the
/// request to every <see cref="DiagnosticListener"/> subscriber of <c>HttpHandlerDiagnosticListener</c> and starts an
/// Activity of the <c>System.Net.Http</c> source. Each robot here has a token and secret of its own, so requests of
/// tests running meanwhile cannot be mistaken for these.
/// </summary>
public sealed class DiagnosticListenerLeakTests
{
    [Fact]
    public async Task A_users_SocketsHttpHandler_shows_no_token_sign_or_secret_to_diagnostics()
    {
        await using var robot = await StartRobotAsync();
        using var diagnostics = new DiagnosticsRecorder();
        using var userHandler = new SocketsHttpHandler();

        using (var client = new DingTalkRobotClient(Options(robot), userHandler, TimeProvider.System))
        {
            Assert.True((await client.SendAsync(new TextMessage("through the user's handler"))).IsSuccess);
        }

        await diagnostics.AssertSeesAnUnsilencedRequestAsync(robot);
        diagnostics.AssertNothingShows(robot);
    }

    [Fact]
    public async Task A_chain_of_the_users_handlers_ending_in_a_SocketsHttpHandler_shows_nothing_either()
    {
        await using var robot = await StartRobotAsync();
        using var diagnostics = new DiagnosticsRecorder();
        using var userHandler = new RecordingHandler(new SocketsHttpHandler());

        using (var client = new DingTalkRobotClient(Options(robot), userHandler, TimeProvider.System))
        {
            Assert.True((await client.SendAsync(new TextMessage("through a chain"))).IsSuccess);
        }

        await diagnostics.AssertSeesAnUnsilencedRequestAsync(robot);
        diagnostics.AssertNothingShows(robot, userHandler.Signs);
    }

    [Fact]
    public async Task A_digest_sent_through_the_MessageHandler_option_shows_nothing()
    {
        await using var robot = await StartRobotAsync();
        using var diagnostics = new DiagnosticsRecorder();
        using var userHandler = new RecordingHandler(new SocketsHttpHandler());
        var options = new DingTalkDigestOptions { WebhookUrl = robot.WebhookUrl, Secret = robot.Options.Secret, MessageHandler = userHandler };

        var engine = new DigestEngine<DigestEvent>(options, DigestEventPassThroughReader.Instance, diagnostics: null);
        engine.TryEnqueue(new DigestEvent(DateTimeOffset.UtcNow, DigestLevel.Error, "Failed", "Failed"));
        await engine.DisposeAsync();

        Assert.Single(robot.Messages);
        await diagnostics.AssertSeesAnUnsilencedRequestAsync(robot);
        diagnostics.AssertNothingShows(robot, userHandler.Signs);
    }

    [Fact]
    public async Task A_handler_that_has_already_sent_cannot_be_changed_and_is_used_as_it_is()
    {
        await using var robot = await StartRobotAsync();
        using var userHandler = new SocketsHttpHandler();
        using (var other = new HttpClient(userHandler, disposeHandler: false))
        {
            await other.GetAsync(new Uri(new Uri(robot.WebhookUrl), "/"));
        }

        using var client = new DingTalkRobotClient(Options(robot), userHandler, TimeProvider.System);

        Assert.NotNull(userHandler.ActivityHeadersPropagator);
        Assert.True((await client.SendAsync(new TextMessage("still delivered"))).IsSuccess);
    }

    private static Task<RobotEmulator> StartRobotAsync()
        => RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = Guid.NewGuid().ToString("N"), Secret = "SEC" + Guid.NewGuid().ToString("N") });

    private static DingTalkRobotOptions Options(RobotEmulator robot) => new() { WebhookUrl = robot.WebhookUrl, Secret = robot.Options.Secret };

    /// <summary>Everything .NET's HTTP instrumentation shows in-process: DiagnosticListener events and System.Net.Http activities.</summary>
    private sealed class DiagnosticsRecorder : IDisposable, IObserver<DiagnosticListener>
    {
        private readonly ConcurrentQueue<string> _seen = new();
        private readonly List<IDisposable> _subscriptions = new();
        private readonly IDisposable _allListeners;
        private readonly ActivityListener _activities;

        public DiagnosticsRecorder()
        {
            _allListeners = DiagnosticListener.AllListeners.Subscribe(this);
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name.StartsWith("System.Net.Http", StringComparison.Ordinal),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity => _seen.Enqueue(
                    "activity " + activity.DisplayName + " " + string.Join(" ", activity.TagObjects.Select(t => t.Key + "=" + t.Value))),
            };
            ActivitySource.AddActivityListener(_activities);
        }

        /// <summary>
        /// Proves that the recorder would see a leak: a request through a SocketsHttpHandler whose diagnostics are on,
        /// to the same robot with a made-up token, shows that token.
        /// </summary>
        public async Task AssertSeesAnUnsilencedRequestAsync(RobotEmulator robot)
        {
            var control = "control" + Guid.NewGuid().ToString("N");
            using (var http = new HttpClient(new SocketsHttpHandler()))
            {
                using var response = await http.PostAsync(new Uri(robot.WebhookUrl.Replace(robot.Options.AccessToken, control, StringComparison.Ordinal)), new StringContent("{}"));
            }

            Assert.Contains(_seen, line => line.Contains(control, StringComparison.Ordinal));
        }

        public void AssertNothingShows(RobotEmulator robot, IEnumerable<string>? signs = null)
        {
            var forbidden = new List<string> { robot.Options.AccessToken, robot.Options.Secret!, Uri.EscapeDataString(robot.Options.Secret!) };
            foreach (var sign in signs ?? [])
            {
                forbidden.Add(sign);
                forbidden.Add(Uri.UnescapeDataString(sign));
            }

            foreach (var line in _seen)
            {
                foreach (var secret in forbidden)
                {
                    Assert.False(line.Contains(secret, StringComparison.Ordinal), "A diagnostics subscriber saw a secret: " + line.Replace(secret, "«here»", StringComparison.Ordinal));
                }
            }
        }

        public void Dispose()
        {
            _allListeners.Dispose();
            _activities.Dispose();
            lock (_subscriptions)
            {
                foreach (var subscription in _subscriptions)
                {
                    subscription.Dispose();
                }
            }
        }

        void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
        {
            // The HTTP client's listeners only: subscribing to the emulator's ASP.NET Core listeners would change how the
            // server runs for every test in the process.
            if (listener.Name != "HttpHandlerDiagnosticListener" && !listener.Name.StartsWith("System.Net", StringComparison.Ordinal))
            {
                return;
            }

            var subscription = listener.Subscribe(new EventObserver(listener.Name, _seen), (_, _, _) => true);
            lock (_subscriptions)
            {
                _subscriptions.Add(subscription);
            }
        }

        void IObserver<DiagnosticListener>.OnCompleted()
        {
        }

        void IObserver<DiagnosticListener>.OnError(Exception error)
        {
        }

        // Records each event's payload as a subscriber would read it: its text, and the URI of a request it carries.
        // Never throws: an exception here would surface in the HTTP request that raised the event.
        private sealed class EventObserver(string listener, ConcurrentQueue<string> seen) : IObserver<KeyValuePair<string, object?>>
        {
            public void OnNext(KeyValuePair<string, object?> value)
            {
                try
                {
                    seen.Enqueue(listener + " " + value.Key + " " + value.Value);
                    foreach (var property in value.Value?.GetType().GetProperties() ?? [])
                    {
                        if (!typeof(HttpRequestMessage).IsAssignableFrom(property.PropertyType) && !typeof(HttpResponseMessage).IsAssignableFrom(property.PropertyType))
                        {
                            continue;
                        }

                        var uri = property.GetValue(value.Value) switch
                        {
                            HttpRequestMessage request => request.RequestUri,
                            HttpResponseMessage response => response.RequestMessage?.RequestUri,
                            _ => null,
                        };
                        if (uri is not null)
                        {
                            seen.Enqueue(listener + " " + value.Key + " " + property.Name + ".RequestUri " + uri.AbsoluteUri);
                        }
                    }
                }
                catch (Exception ex)
                {
                    seen.Enqueue(listener + " " + value.Key + " could not be read: " + ex.GetType().Name);
                }
            }

            public void OnCompleted()
            {
            }

            public void OnError(Exception error)
            {
            }
        }
    }
}
