using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using DingTalk.Extensions.Logging;
using DingTalk.Robot;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using DingTalk.Testing.Shared.FrontEnds;
using DingTalk.Testing.Shared.Reliability;
using Microsoft.Extensions.Options;
using Serilog.Sinks.DingTalk;

namespace DingTalk.Scenarios.Tests;

/// <summary>
/// The webhook's access_token and the 加签 secret are credentials, and so is every sign computed from them. This runs
/// every failure path through a front end and looks for them, in every form, in everything a user can observe: the
/// front end's diagnostics (Serilog's SelfLog, the provider's lines in the app's logs), exception messages, the digests
/// themselves, the ToString of every public type of the four packages, and the tags of the "DingTalk.Robot" metrics.
/// </summary>
public sealed class SecretScenarios
{
    private const string Token = ScenarioRig.AccessToken;
    private const string Secret = ScenarioRig.Secret;
    private const string WrongToken = "0123456789abcdef";
    private const string WrongSecret = "SECwrong0c3f5e7a9b1d3f5e7a9b1d3f5e7a9b1d3f5e7a9b1d3f5e7a9b1d3f5e7a";

    /// <summary>How a failure is provoked: the robot's settings, the front end's, and what happens while it logs.</summary>
    private sealed record FailurePath(
        string Name,
        Action<RobotEmulatorOptions>? Robot = null,
        bool WrongTokenInWebhook = false,
        string? SinkSecret = null,
        Func<RobotEmulator, Task>? Before = null,
        bool SlowRobot = false);

    private static readonly FailurePath[] Paths =
    [
        new("wrong secret", SinkSecret: WrongSecret),
        new("wrong token", WrongTokenInWebhook: true),
        new("5xx", Before: r => Inject(r, RobotFault.HttpStatus(503), 2)),
        new("dropped connection", Before: r => Inject(r, RobotFault.DropConnection(), 2)),
        new("non-JSON answer", Before: r => Inject(r, RobotFault.NonJson(), 2)),
        new("timeout", Before: r => Inject(r, RobotFault.Delay(TimeSpan.FromSeconds(30)), 1), SlowRobot: true),
        new("oversize", Robot: r => r.MaxBodyBytes = 300),
        new("throttle", Before: r => Inject(r, RobotFault.ErrCode(130101, "send too fast, exceed 20 times per minute"), 1)),
        new("errmsg quoting the credentials", Before: r => Inject(r, RobotFault.ErrCode(-1, $"busy: access_token={Token} secret={Secret}"), 2)),
        new("missing keyword", Robot: r => r.Keywords = ["alert"]),
        new("outage and shutdown with pending events", Before: r => r.SimulateOutageAsync()),
    ];

    private readonly ConcurrentQueue<string> _observed = new();
    private readonly ConcurrentQueue<string> _signs = new();

    private readonly ConcurrentQueue<string> _diagnostics = new();

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task No_failure_path_shows_the_token_the_secret_or_a_sign_anywhere(FrontEnd frontEnd)
    {
        using var metrics = ListenToMetrics();

        // Independent runs (own emulator, own clock): a few at a time, to keep the suite fast without flooding the
        // machine the other test projects share.
        using var slots = new SemaphoreSlim(4);
        await Task.WhenAll(Paths.Select(async path =>
        {
            await slots.WaitAsync();
            try
            {
                await RunAsync(frontEnd.Adapter(), path);
            }
            finally
            {
                slots.Release();
            }
        }));

        await ObserveConfigurationErrorsAsync(frontEnd.Adapter());
        await ObserveRobotClientAsync();
        ObserveToStringOfEveryPublicType();

        foreach (var line in _diagnostics)
        {
            _observed.Enqueue(line);
        }

        var credentials = SecretScan.Forms(Token, Secret, _signs)
            .Concat(SecretScan.Forms(WrongToken, WrongSecret))
            .ToArray();
        foreach (var text in _observed)
        {
            foreach (var credential in credentials)
            {
                Assert.False(text.Contains(credential, StringComparison.OrdinalIgnoreCase), $"A credential leaked into: {text}");
            }
        }

        // The scan must have seen what it claims to have seen.
        Assert.Contains(_diagnostics, l => l.Contains("DingTalk (Permanent)", StringComparison.Ordinal));
        Assert.Contains(_diagnostics, l => l.Contains("DingTalk (Final)", StringComparison.Ordinal));
        Assert.Contains(_observed, l => l.Contains("sign not match", StringComparison.Ordinal));
        Assert.Contains(_observed, l => l.Contains("per-attempt timeout", StringComparison.Ordinal));
        Assert.Contains(_observed, l => l.Contains("access_token=***", StringComparison.Ordinal));
        Assert.NotEmpty(_signs);
    }

    private static Task Inject(RobotEmulator robot, RobotFault fault, int count)
    {
        robot.InjectFault(fault, count);
        return Task.CompletedTask;
    }

    private async Task RunAsync(IFrontEnd frontEnd, FailurePath path)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd, robot: path.Robot, options: o =>
        {
            o.BufferingTimeLimit = TimeSpan.FromSeconds(5);
            o.ShutdownTimeout = TimeSpan.FromSeconds(1);
            o.Secret = path.SinkSecret ?? Secret;
            if (path.WrongTokenInWebhook)
            {
                o.WebhookUrl = o.WebhookUrl!.Replace(Token, WrongToken, StringComparison.Ordinal);
            }
        });
        if (path.Before is not null)
        {
            await path.Before(rig.Robot);
        }

        await ProvokeAsync(path, rig.Time, () => rig.App.Error(new TimeoutException("no answer"), "Charge failed for {Order}", 42));
        _observed.Enqueue(rig.App.DescribeLogging());
        await rig.App.StopAsync();
        await rig.App.DisposeLoggingAsync();
        await Poll.UntilAsync(() => rig.App.Diagnostics.Count > 0, "the front end's diagnostics");
        foreach (var line in rig.App.Diagnostics)
        {
            _diagnostics.Enqueue(line);
        }

        Collect(rig.Robot, rig.Time, path.SinkSecret ?? Secret);
    }

    // Logs, lets two simulated minutes pass (the first digest fails, the next attempts follow their backoff), logs
    // again so that events are pending at shutdown.
    private static async Task ProvokeAsync(FailurePath path, SimulatedTime time, Action log)
    {
        log();
        log();
        if (path.SlowRobot)
        {
            await time.AdvanceUntilAsync(() => time.RobotClock.TimersCreated == 1, TimeSpan.FromMinutes(1), "the robot holds the attempt", evenDuringRequests: true);
            time.Clock.Advance(TimeSpan.FromSeconds(10));
            await Poll.UntilAsync(() => time.Http.InFlight == 0, "the attempt timed out");
        }

        await time.AdvanceAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(2));
        log();
    }

    private void Collect(RobotEmulator robot, SimulatedTime time, string secret)
    {
        foreach (var sign in time.Http.Signs)
        {
            _signs.Enqueue(sign);
        }

        foreach (var request in robot.Requests)
        {
            // The emulator's record of an injected ErrCode quotes the errmsg this test wrote: not ours to scan.
            if (request.Fault?.StartsWith("ErrCode(", StringComparison.Ordinal) != true)
            {
                _observed.Enqueue(request.ToString());
            }

            if (request.Timestamp is { } timestamp)
            {
                _signs.Enqueue(SecretScan.Sign(secret, timestamp));
                _signs.Enqueue(SecretScan.Sign(Secret, timestamp));
            }
        }

        foreach (var message in robot.Messages)
        {
            _observed.Enqueue(message.ToString());
            _observed.Enqueue(message.Title ?? "");
            _observed.Enqueue(message.Body);
        }

        _observed.Enqueue(robot.ToString());
        _observed.Enqueue(robot.Options.ToString());
    }

    // Every bad webhook, and a secret with whitespace, through the front end; the same through the core's client and engine.
    private async Task ObserveConfigurationErrorsAsync(IFrontEnd frontEnd)
    {
        string[] badWebhooks =
        [
            $"http://oapi.dingtalk.com/robot/send?access_token={Token}",
            $"https://oapi.dingtalk.com/robot/send?access_token={Token}&timestamp=1700000000000&sign={Uri.EscapeDataString(Secret)}",
            $"oapi.dingtalk.com/robot/send?access_token={Token}",
            $"https://oapi.dingtalk.com/robot/send?access_token={Token}&sign={Secret}",
        ];
        foreach (var webhook in badWebhooks)
        {
            await ObserveStartAsync(new FrontEndOptions(webhook) { Secret = Secret });
            Observe(() => new DingTalkRobotClient(new DingTalkRobotOptions { WebhookUrl = webhook, Secret = Secret }));
            _observed.Enqueue(new DingTalkRobotOptions { WebhookUrl = webhook, Secret = Secret }.ToString());
        }

        await ObserveStartAsync(new FrontEndOptions($"https://oapi.dingtalk.com/robot/send?access_token={Token}") { Secret = Secret + " \n" });
        Observe(() => new DigestEngine<DigestEvent>(new DingTalkDigestOptions { WebhookUrl = $"https://oapi.dingtalk.com/robot/send?access_token={Token}", Secret = " " + Secret }, DigestEventPassThroughReader.Instance, diagnostics: null));

        async Task ObserveStartAsync(FrontEndOptions options)
        {
            try
            {
                await using var app = await frontEnd.StartAsync(options);
                Assert.Fail("no error");
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.FailException)
            {
                _observed.Enqueue(ex.ToString());
            }
        }

        void Observe(Action configure)
        {
            try
            {
                configure();
                Assert.Fail("no error");
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.FailException)
            {
                _observed.Enqueue(ex.ToString());
            }
        }
    }

    private async Task ObserveRobotClientAsync()
    {
        using var time = new SimulatedTime();
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = Token, Secret = Secret, TimeProvider = time.RobotClock });
        using var client = new DingTalkRobotClient(new DingTalkRobotOptions { WebhookUrl = robot.WebhookUrl, Secret = WrongSecret }, new HttpClient(time.Http, disposeHandler: false), time.Clock);
        var refused = await client.SendAsync(new TextMessage("hello"));
        var oversize = await client.SendAsync(new TextMessage(new string('x', 30_000)));
        _observed.Enqueue(refused.ToString());
        _observed.Enqueue(oversize.ToString());
        _observed.Enqueue(client.ToString());
        Collect(robot, time, WrongSecret);
    }

    // Every public type of the four packages, constructed with credential-bearing values where it takes any.
    private void ObserveToStringOfEveryPublicType()
    {
        Assembly[] assemblies =
        [
            typeof(DingTalkRobotClient).Assembly,
            typeof(RobotEmulator).Assembly,
            typeof(DingTalkSinkOptions).Assembly,
            typeof(DingTalkLoggerProvider).Assembly,
        ];
        var constructed = new List<string>();
        using var time = new SimulatedTime();
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()))
        {
            if (type.IsAbstract || type.IsInterface || type.IsEnum || typeof(Delegate).IsAssignableFrom(type))
            {
                continue;
            }

            var closed = type.IsGenericTypeDefinition ? type.MakeGenericType(type.GetGenericArguments().Select(_ => typeof(DigestEvent)).ToArray()) : type;
            if (TryConstruct(closed, time) is not { } instance)
            {
                continue;
            }

            constructed.Add(type.Name);
            _observed.Enqueue(instance.ToString() ?? "");
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    asyncDisposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        // The types that hold credentials must have been covered.
        var required = new HashSet<string>
        {
            "DingTalkRobotOptions", "DingTalkRobotClient", "DingTalkDigestOptions", "DingTalkSinkOptions",
            "DingTalkLoggerOptions", "DingTalkLoggerProvider", "RobotEmulatorOptions",
        };
        Assert.Superset(required, constructed.ToHashSet());

        // The engine is internal now, but the front ends' diagnostics still show its ToString.
        var engine = new DigestEngine<DigestEvent>(
            new DingTalkDigestOptions { WebhookUrl = $"https://oapi.dingtalk.com/robot/send?access_token={Token}", Secret = Secret, TimeProvider = time.Clock },
            DigestEventPassThroughReader.Instance,
            diagnostics: null);
        _observed.Enqueue(engine.ToString());
        engine.Dispose();
    }

    private object? TryConstruct(Type type, SimulatedTime time)
    {
        foreach (var constructor in type.GetConstructors().OrderBy(c => c.GetParameters().Length))
        {
            try
            {
                var args = constructor.GetParameters().Select(p => Value(p.ParameterType, p.Name ?? "", time)).ToArray();
                var instance = constructor.Invoke(args);
                SetCredentials(instance);
                return instance;
            }
            catch (Exception ex)
            {
                // Not constructible with these values (invalid options are refused: that refusal is observed too).
                _observed.Enqueue(ex.ToString());
            }
        }

        return null;
    }

    private static void SetCredentials(object instance)
    {
        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType != typeof(string) || property.SetMethod is not { IsPublic: true })
            {
                continue;
            }

            var value = CredentialFor(property.Name);
            if (value is not null)
            {
                try
                {
                    property.SetValue(instance, value);
                }
                catch (TargetInvocationException)
                {
                    // A frozen copy (the emulator's options) refuses changes.
                }
            }
        }
    }

    private static string? CredentialFor(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower.Contains("url", StringComparison.Ordinal) || lower.Contains("webhook", StringComparison.Ordinal)
            ? $"https://oapi.dingtalk.com/robot/send?access_token={Token}"
            : lower.Contains("secret", StringComparison.Ordinal) ? Secret
            : lower.Contains("token", StringComparison.Ordinal) ? Token
            : null;
    }

    private object? Value(Type type, string name, SimulatedTime time)
    {
        if (type == typeof(string))
        {
            return CredentialFor(name) ?? "hello";
        }

        if (type == typeof(DingTalkRobotOptions))
        {
            return new DingTalkRobotOptions { WebhookUrl = $"https://oapi.dingtalk.com/robot/send?access_token={Token}", Secret = Secret };
        }

        if (typeof(DingTalkDigestOptions).IsAssignableFrom(type))
        {
            var options = (DingTalkDigestOptions)Activator.CreateInstance(type)!;
            options.WebhookUrl = $"https://oapi.dingtalk.com/robot/send?access_token={Token}";
            options.Secret = Secret;
            options.TimeProvider = time.Clock;
            options.ShutdownTimeout = TimeSpan.FromMilliseconds(100);
            return options;
        }

        if (type == typeof(IOptionsMonitor<DingTalkLoggerOptions>))
        {
            return new StaticOptionsMonitor((DingTalkLoggerOptions)Value(typeof(DingTalkLoggerOptions), "", time)!);
        }

        if (type == typeof(TimeProvider))
        {
            return time.Clock;
        }

        if (type == typeof(HttpMessageHandler))
        {
            return time.Http;
        }

        if (type == typeof(Action<DingTalkDiagnostic>))
        {
            return (Action<DingTalkDiagnostic>)(d => _observed.Enqueue(d.ToString()));
        }

        if (type == typeof(IList<string>) || type == typeof(IEnumerable<string>) || type == typeof(string[]))
        {
            return new[] { "13800000000" };
        }

        if (type == typeof(TimeSpan))
        {
            return TimeSpan.FromSeconds(1);
        }

        if (type == typeof(DateTimeOffset))
        {
            return SimulatedTime.Epoch;
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(0);
        }

        if (type.IsValueType)
        {
            return type == typeof(int) || type == typeof(long) ? Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture) : Activator.CreateInstance(type);
        }

        return null;
    }

    private IDisposable ListenToMetrics()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "DingTalk.Robot")
                {
                    _observed.Enqueue($"{instrument.Name} {instrument.Description} {instrument.Unit}");
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(tags));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(tags));
        listener.Start();
        return listener;

        void Record(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                _observed.Enqueue(tag.Key + "=" + tag.Value);
            }
        }
    }

    private sealed class StaticOptionsMonitor(DingTalkLoggerOptions options) : IOptionsMonitor<DingTalkLoggerOptions>
    {
        public DingTalkLoggerOptions CurrentValue => options;

        public DingTalkLoggerOptions Get(string? name) => options;

        public IDisposable? OnChange(Action<DingTalkLoggerOptions, string?> listener) => null;
    }
}
