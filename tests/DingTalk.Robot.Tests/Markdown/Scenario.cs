using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown.Content;

namespace DingTalk.Robot.Tests.Markdown;

/// <summary>Fixed inputs for deterministic digests: app, environment, host, a clock at 2024-05-01 10:00:00 +08:00.</summary>
internal static class Scenario
{
    public const string MsgUuid = "3f2b8c1e-0d4a-4f6b-9c7e-5a1d2e3f4a5b";

    public static readonly DateTimeOffset Start = new(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(8));

    public static DigestFormatterSettings Settings(Action<DigestFormatterSettings>? configure = null)
    {
        var settings = new DigestFormatterSettings
        {
            App = "OrderService",
            Environment = "Production",
            Host = "web-01",
            MentionLevel = DigestLevel.Error,
            AtMobiles = new[] { "13800000000" },
            AtUserIds = new[] { "zhangsan" },
        };
        configure?.Invoke(settings);
        return settings;
    }

    public static DigestEvent Event(
        double seconds,
        DigestLevel level,
        string template,
        string? message = null,
        string? source = "OrderService.Api",
        Exception? exception = null,
        params (string Key, string Value)[] properties)
    {
        var e = new DigestEvent(Start.AddSeconds(seconds), level, template, message ?? template)
        {
            Source = source,
            Exception = exception,
        };
        if (properties.Length > 0)
        {
            var list = new List<KeyValuePair<string, string>>();
            foreach (var (key, value) in properties)
            {
                list.Add(new KeyValuePair<string, string>(key, value));
            }

            e.Properties = list;
        }

        return e;
    }

    /// <summary>Formats as the engine does: the content is read first, then formatted.</summary>
    public static FormattedDigest Format(DigestBatch<DigestEvent> batch, DigestFormatterSettings? settings = null)
        => Format(new MarkdownDigestFormatter(settings ?? Settings()), batch);

    /// <summary>Formats with <paramref name="formatter"/>, reading the content with its settings.</summary>
    public static FormattedDigest Format(MarkdownDigestFormatter formatter, DigestBatch<DigestEvent> batch)
        => formatter.Format(DigestContent.From(batch, DigestEventPassThroughReader.Instance, formatter.Settings), MsgUuid);

    /// <summary>Folds <paramref name="e"/> in, as the engine folds a front end's event; a <see langword="null"/> is ignored.</summary>
    public static void Add(this DigestBatch<DigestEvent> batch, DigestEvent e)
    {
        if (e is not null)
        {
            batch.Add(DigestEventPassThroughReader.Instance.Fold(e));
        }
    }

    public const string HttpTrace =
        "   at OrderService.Http.PaymentsClient.SendAsync(HttpRequestMessage request, CancellationToken ct) in /home/build/src/OrderService/Http/PaymentsClient.cs:line 87\n" +
        "   at OrderService.Http.RetryHandler.SendAsync(HttpRequestMessage request, CancellationToken ct) in /home/build/src/OrderService/Http/RetryHandler.cs:line 41\n" +
        "--- End of stack trace from previous location ---\n" +
        "   at OrderService.Orders.CheckoutService.PayAsync(Order order) in /home/build/src/OrderService/Orders/CheckoutService.cs:line 112\n" +
        "   at OrderService.Orders.CheckoutService.PlaceAsync(Order order) in /home/build/src/OrderService/Orders/CheckoutService.cs:line 58\n";

    public const string DbTrace =
        "   at Npgsql.NpgsqlConnector.Open(NpgsqlTimeout timeout) in C:\\src\\Npgsql\\NpgsqlConnector.cs:line 611\n" +
        "   at OrderService.Data.OrderRepository.SaveAsync(Order order) in C:\\src\\OrderService\\Data\\OrderRepository.cs:line 33\n";
}
