using System.Globalization;
using BenchmarkDotNet.Attributes;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Serialization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Sinks.DingTalk;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Benchmarks;

/// <summary>Realistic events: a few templates, errors with real (thrown) exceptions, sources, properties.</summary>
internal static class SampleEvents
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 26, 53, TimeSpan.FromHours(8));

    private static readonly (DigestLevel Level, string Template, string Source, bool Throws)[] Kinds =
    {
        (DigestLevel.Error, "Payment {PaymentId} for order {OrderId} failed", "Shop.Payments.PaymentService", true),
        (DigestLevel.Error, "Timeout calling {Service} after {Elapsed} ms", "Shop.Http.ResilientClient", true),
        (DigestLevel.Fatal, "Database {Database} is unreachable", "Shop.Data.OrderRepository", true),
        (DigestLevel.Warning, "Slow query on {Table} took {Elapsed} ms", "Shop.Data.OrderRepository", false),
        (DigestLevel.Warning, "Retrying {Operation} (attempt {Attempt})", "Shop.Http.ResilientClient", false),
        (DigestLevel.Warning, "Cache miss storm for {Key}", "Shop.Caching.RedisCache", false),
        (DigestLevel.Warning, "User {UserId} hit the rate limit", "Shop.Api.RateLimiter", false),
        (DigestLevel.Error, "Webhook {Url} answered {Status}", "Shop.Integrations.Webhooks", true),
        (DigestLevel.Warning, "Inventory for {Sku} is negative: {Quantity}", "Shop.Inventory.StockService", false),
        (DigestLevel.Warning, "Email to {Recipient} bounced", "Shop.Notifications.Mailer", false),
        (DigestLevel.Error, "订单 {OrderId} 支付回调验签失败", "Shop.Payments.AlipayCallback", true),
        (DigestLevel.Warning, "Queue {Queue} is {Depth} messages deep", "Shop.Messaging.Consumer", false),
    };

    private static readonly Exception[] Exceptions = Kinds.Select((k, i) => k.Throws ? Thrown(i) : null).ToArray()!;

    public static DigestFormatterSettings Settings() => new()
    {
        App = "Shop.Api",
        Environment = "Production",
        Host = "web-01",
        AtMobiles = new[] { "13800138000" },
        Keyword = "alert",
    };

    /// <summary><paramref name="count"/> events over <paramref name="templates"/> templates (more than 12 adds numbered variants).</summary>
    public static DigestEvent[] Create(int count, int templates)
    {
        var events = new DigestEvent[count];
        for (var i = 0; i < count; i++)
        {
            var t = templates >= count ? i : Skewed(i, templates);
            var kind = Kinds[t % Kinds.Length];
            var template = t < Kinds.Length ? kind.Template : kind.Template + " #" + t.ToString(CultureInfo.InvariantCulture);
            var id = (100_000 + i).ToString(CultureInfo.InvariantCulture);
            events[i] = new DigestEvent(Start.AddMilliseconds(i * 3), kind.Level, template, template.Replace("{PaymentId}", id).Replace("{OrderId}", "SO-" + id))
            {
                Source = kind.Source,
                Exception = kind.Throws ? Exceptions[t % Kinds.Length] : null,
                Properties = new List<KeyValuePair<string, string>> { new("PaymentId", id), new("OrderId", "SO-" + id) },
            };
        }

        return events;
    }

    /// <summary>Serilog events as the sink receives them.</summary>
    public static LogEvent[] CreateLogEvents(int count)
    {
        var collector = new Collector(count);
        using (var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(collector).CreateLogger())
        {
            for (var i = 0; i < count; i++)
            {
                var kind = Kinds[Skewed(i, Kinds.Length)];
                logger.ForContext(Constants.SourceContextPropertyName, kind.Source)
                    .Write((LogEventLevel)(int)kind.Level, kind.Throws ? Exceptions[i % Kinds.Length] : null, kind.Template, 100_000 + i, "SO-" + i);
            }
        }

        return collector.Events;
    }

    // Every template occurs, the first ones most often, as in a real incident (a pseudo-random r in [0, 1), squared).
    private static int Skewed(int i, int templates)
    {
        var r = unchecked((uint)i * 2654435761u) / 4294967296.0;
        return Math.Min(templates - 1, (int)(r * r * templates));
    }

    private static Exception Thrown(int i)
    {
        try
        {
            throw new InvalidOperationException("The upstream answered 503 Service Unavailable (attempt " + i + ").", new TimeoutException("The operation has timed out."));
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private sealed class Collector(int capacity) : ILogEventSink
    {
        private readonly List<LogEvent> _events = new(capacity);

        public LogEvent[] Events => _events.ToArray();

        public void Emit(LogEvent logEvent) => _events.Add(logEvent);
    }
}

/// <summary>
/// The digest loop's work: folding events into a batch, formatting the batch as markdown within DingTalk's 20,000-byte
/// limit, and writing the JSON body. None of this runs on the application's thread.
/// </summary>
[Config(typeof(ShortConfig))]
public class DigestBenchmarks
{
    private const string MsgUuid = "6f1c7e3a9b2d4c58a0e1f2b3c4d5e6f7";

    private MarkdownDigestFormatter _formatter = null!;
    private DigestBatch<DigestEvent> _batch1000 = null!;
    private DigestBatch<DigestEvent> _batch1000NoExceptions = null!;
    private DigestBatch<DigestEvent> _batch = null!;
    private DigestBatch<LogEvent> _serilogBatch = null!;
    private PooledBufferWriter _body = null!;
    private DigestEvent[] _grouped = null!;
    private DigestEvent[] _distinct = null!;
    private LogEvent[] _logEvents = null!;
    private LogEventReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        _formatter = new MarkdownDigestFormatter(SampleEvents.Settings());
        _batch1000 = new DigestBatch<DigestEvent>();
        foreach (var e in SampleEvents.Create(1_000, 12))
        {
            _batch1000.Add(Passing.Fold(e));
        }

        _batch1000NoExceptions = new DigestBatch<DigestEvent>();
        foreach (var e in SampleEvents.Create(1_000, 12))
        {
            e.Exception = null;
            _batch1000NoExceptions.Add(Passing.Fold(e));
        }

        _batch = new DigestBatch<DigestEvent>();
        _body = new PooledBufferWriter();
        _grouped = SampleEvents.Create(100_000, 50);
        _distinct = SampleEvents.Create(100_000, 100_000);
        _logEvents = SampleEvents.CreateLogEvents(100_000);
        _reader = new LogEventReader(CultureInfo.InvariantCulture, DingTalk.Robot.Digest.PropertySelection.Default);
        _serilogBatch = new DigestBatch<LogEvent>();

        var digest = Format(_batch1000, Passing);
        Console.WriteLine($"// 1,000-event digest: {digest.BodyBytes} bytes, {digest.GroupsShown} groups and {digest.EventsShown} events shown.");
    }

    [GlobalCleanup]
    public void Cleanup() => _body.Dispose();

    /// <summary>A batch of 1,000 events in 12 groups to the request body: read the content, format, then the JSON bytes.</summary>
    [BenchmarkCategory("Format"), Benchmark(Description = "digest of 1,000 grouped events to JSON bytes")]
    public int Format1000()
    {
        var digest = Format(_batch1000, Passing);
        _body.Clear();
        DingTalkMessageWriter.Write(_body, digest.Message);
        return _body.WrittenCount;
    }

    /// <summary>The same without exceptions: what the formatter allocates when no stack trace is rendered.</summary>
    [BenchmarkCategory("Format"), Benchmark(Description = "the same, no exceptions")]
    public int Format1000NoExceptions()
    {
        var digest = Format(_batch1000NoExceptions, Passing);
        _body.Clear();
        DingTalkMessageWriter.Write(_body, digest.Message);
        return _body.WrittenCount;
    }

    [BenchmarkCategory("Fold + format"), Benchmark(Description = "fold + format, 50 templates")]
    [Arguments(10_000)]
    [Arguments(100_000)]
    public int FoldAndFormat(int events) => FoldAndFormat(_grouped, events);

    [BenchmarkCategory("Fold + format"), Benchmark(Description = "fold + format, every template distinct")]
    [Arguments(10_000)]
    [Arguments(100_000)]
    public int FoldAndFormatDistinct(int events) => FoldAndFormat(_distinct, events);

    /// <summary>
    /// What the loop does per Serilog event: read what grouping needs and fold it in; the events the digest shows are
    /// rendered (message and properties) when its content is read, before formatting.
    /// </summary>
    [BenchmarkCategory("Fold + format"), Benchmark(Description = "Serilog LogEvent: read + fold + format")]
    [Arguments(10_000)]
    [Arguments(100_000)]
    public int ReadFoldAndFormat(int events)
    {
        _serilogBatch.Clear();
        var source = _logEvents;
        var r = _reader;
        for (var i = 0; i < events; i++)
        {
            var e = source[i];
            _serilogBatch.Add(r.Fold(e));
        }

        return Format(_serilogBatch, r).BodyBytes;
    }

    private int FoldAndFormat(DigestEvent[] source, int events)
    {
        _batch.Clear();
        for (var i = 0; i < events; i++)
        {
            _batch.Add(Passing.Fold(source[i]));
        }

        return Format(_batch, Passing).BodyBytes;
    }

    private static DigestEventPassThroughReader Passing => DigestEventPassThroughReader.Instance;

    // As the engine does it: the content hop, then the formatter.
    private FormattedDigest Format<TEvent>(DigestBatch<TEvent> batch, DigestEventReader<TEvent> reader)
        => _formatter.Format(DigestContent.From(batch, reader, _formatter.Settings), MsgUuid);
}
