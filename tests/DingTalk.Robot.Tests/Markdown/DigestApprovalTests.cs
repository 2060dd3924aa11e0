using DingTalk.Robot.Digest;
using DingTalk.Robot.Tests.Digest;
using DingTalk.Testing.Shared;
using static DingTalk.Robot.Tests.Markdown.Scenario;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Tests.Markdown;

/// <summary>
/// The digests as the on-call person sees them, checked in under Approved/. Each file holds the notification
/// title, the markdown text and the mentions; review a change there as you would review the phone screen.
/// </summary>
public sealed class DigestApprovalTests
{
    [Fact]
    public void Single_error()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(
            3.25,
            DigestLevel.Error,
            "Payment declined for order {OrderId}",
            "Payment declined for order 10042",
            "OrderService.Orders.CheckoutService",
            new FakeException(
                "Payment provider returned 402: card declined",
                HttpTrace,
                new FakeTimeoutException("The card issuer did not answer within 30 s")),
            ("OrderId", "10042"),
            ("CustomerId", "c-7781"),
            ("RequestPath", "/api/orders/10042/checkout")));

        Verify(Format(batch), "single-error");
    }

    [Fact]
    public void Mixed_batch()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Information, "Order {OrderId} placed", "Order 10040 placed"));
        for (var i = 0; i < 12; i++)
        {
            batch.Add(Event(10 + (i * 20), DigestLevel.Warning, "Slow query on {Table} took {Elapsed} ms", $"Slow query on \"orders\" took {1200 + (i * 37)} ms", "OrderService.Data.OrderRepository"));
        }

        batch.Add(Event(42, DigestLevel.Warning, "Cache miss storm: {Misses} misses in {Window}", "Cache miss storm: 812 misses in 00:00:10", "OrderService.Caching"));
        batch.Add(Event(61, DigestLevel.Warning, "Cache miss storm: {Misses} misses in {Window}", "Cache miss storm: 1020 misses in 00:00:10", "OrderService.Caching"));

        for (var i = 0; i < 3; i++)
        {
            batch.Add(Event(
                75 + i,
                DigestLevel.Error,
                "Timeout calling {Service}",
                $"Timeout calling \"{(i == 1 ? "inventory" : "payments")}\"",
                i == 1 ? "OrderService.Http.InventoryClient" : "OrderService.Http.PaymentsClient",
                new FakeTimeoutException("The operation was canceled after 00:00:30", HttpTrace),
                ("Service", i == 1 ? "inventory" : "payments"),
                ("Attempt", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        batch.Add(Event(
            118,
            DigestLevel.Fatal,
            "Database connection lost, shutting down",
            source: "OrderService.Program",
            exception: new FakeException(
                "Failed to connect to 10.0.3.17:5432",
                DbTrace,
                new System.Net.Sockets.SocketException(10061))));

        batch.Add(Event(130, DigestLevel.Error, "Timeout calling {Service}", "Timeout calling \"payments\"", "OrderService.Http.PaymentsClient"));
        batch.Add(Event(131, DigestLevel.Warning, "Timeout calling {Service}", "Timeout calling \"payments\"", "OrderService.Http.PaymentsClient"));

        Verify(Format(batch), "mixed-batch");
    }

    [Fact]
    public void Flood_of_ten_thousand_events()
    {
        var batch = new DigestBatch<DigestEvent>();
        var services = new[] { "payments", "inventory", "shipping", "tax" };
        for (var i = 0; i < 10_000; i++)
        {
            var seconds = i * 0.06;
            if (i % 20 == 0)
            {
                var service = services[(i / 20) % services.Length];
                batch.Add(Event(
                    seconds,
                    DigestLevel.Error,
                    "Timeout calling {Service}",
                    $"Timeout calling \"{service}\"",
                    "OrderService.Http.Client",
                    new FakeTimeoutException("The operation was canceled after 00:00:30", HttpTrace),
                    ("Service", service),
                    ("RequestId", $"0HN4{i:D6}")));
            }
            else
            {
                // A template per event: what a logger that interpolates instead of using templates produces.
                batch.Add(Event(seconds, DigestLevel.Warning, $"Cart {i} has a stale price for SKU-{i % 977}", source: "OrderService.Pricing"));
            }
        }

        var digest = Format(batch);
        Assert.Equal(10_000, digest.EventCount);
        Verify(digest, "flood-10000");
    }

    [Fact]
    public void Chinese_text()
    {
        var batch = new DigestBatch<DigestEvent>();
        for (var i = 0; i < 4; i++)
        {
            batch.Add(Event(
                i * 7,
                DigestLevel.Error,
                "调用{服务}超时，订单号 {订单号}",
                $"调用“支付服务”超时，订单号 2024050100{i}",
                "订单服务.支付客户端",
                new FakeTimeoutException("操作已超时（30 秒）。请检查网络连接 🚧", HttpTrace),
                ("订单号", $"2024050100{i}"),
                ("用户", "张三")));
        }

        batch.Add(Event(40, DigestLevel.Warning, "库存不足：{商品}", "库存不足：“无线耳机 Pro” 🎧", "订单服务.库存"));

        var settings = Settings(s =>
        {
            s.App = "订单服务";
            s.Environment = "生产环境";
            s.Host = "杭州-01";
            s.Keyword = "告警";
        });

        Verify(Format(batch, settings), "chinese");
    }

    [Fact]
    public void Hostile_markdown()
    {
        const string Hostile =
            "# Heading *bold* __under__ _it_ [click](http://evil.example/login) ![img](http://evil.example/x.png) " +
            "<font color=#FF0000>red</font> <a href=\"x\">a</a> `code` ~~strike~~ | a | b | @13800000000 @all " +
            "user@example.com https://evil.example www.evil.example &#64;13800000000 back\\slash\\\n" +
            "> quoted\r\n- item\n+ plus\n1. one\n2) two\u2028### line-separated\u2029***\n---\n====\t\u0000\u001b[31m" +
            "\u202Eevil\u202C \uD800 lone \uDC00 surrogates";

        var batch = new DigestBatch<DigestEvent>();
        batch.Add(new DigestEvent(Start, DigestLevel.Error, Hostile, "Rendered: " + Hostile)
        {
            Source = "[src](http://x) @13800000000\r\n# src\u2028- item\t\u0000\u202Egnp.exe\u202C \uDBFF",
            Exception = new FakeException(Hostile, "- at frame\n1. at frame\n> at frame\n# at frame\n   at Real.Frame() in /x/y/z.cs:line 1\n"),
            Properties = new[]
            {
                new KeyValuePair<string, string>("1. [key](http://x)", Hostile),
                new KeyValuePair<string, string>("@13800000000", "<img src=x onerror=alert(1)>"),
            },
        });

        var settings = Settings(s =>
        {
            s.App = "# [App](http://evil.example) @all";
            s.Environment = "**Prod**\n# x";
            s.Host = "<b>web-01</b>\n\n- 1. x";
            s.Keyword = "alert";
        });

        Verify(Format(batch, settings), "hostile-markdown");
    }

    [Fact]
    public void Deep_exception()
    {
        Exception chain = new InvalidOperationException("Root cause at depth 1000");
        for (var depth = 999; depth >= 1; depth--)
        {
            chain = depth == 3
                ? new HostileException(chain)
                : new InvalidOperationException($"Wrapper at depth {depth}", chain);
        }

        var aggregate = new AggregateException(
            "Several checkout steps failed",
            chain,
            new TimeoutException("Inventory timed out"),
            new HostileException());

        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Fatal, "Checkout pipeline crashed", exception: aggregate, source: "OrderService.Orders.Pipeline"));
        batch.Add(Event(1, DigestLevel.Error, "Unhandled exception in {Handler}", "Unhandled exception in \"RefundHandler\"", exception: new HostileException()));

        Verify(Format(batch), "deep-exception");
    }

    [Fact]
    public void Drops_and_undelivered_digests()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(5, DigestLevel.Warning, "Retrying {Operation} in {Delay}", "Retrying \"ReserveStock\" in 00:00:02", "OrderService.Resilience"));
        batch.Add(Event(9, DigestLevel.Warning, "Retrying {Operation} in {Delay}", "Retrying \"ReserveStock\" in 00:00:04", "OrderService.Resilience"));
        batch.AddDropped(37, DropReason.QueueFull);
        batch.AddUndelivered(312, "errcode 130101: send too fast, exceed 20 times per minute", outcomeUnknown: false);
        batch.AddUndelivered(1, "HTTP 502 Bad Gateway", outcomeUnknown: false);

        Verify(Format(batch), "drops-and-undelivered");
    }

    [Fact]
    public void Undelivered_and_unanswered_digests_and_drops_while_closing()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(5, DigestLevel.Warning, "Retrying {Operation} in {Delay}", "Retrying \"ReserveStock\" in 00:00:02", "OrderService.Resilience"));
        batch.AddDropped(37, DropReason.QueueFull);
        batch.AddDropped(5, DropReason.Closing);
        CountsOnlyDigestTests.AddFiveUndelivered(batch);

        var digest = Format(batch);

        Assert.Equal(42, DigestText.DroppedCount(digest.Message.Text));
        Assert.Equal(360, DigestText.UndeliveredCount(digest.Message.Text));
        Verify(digest, "undelivered-outcomes");
    }

    [Fact]
    public void Unanswered_only()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.AddUndelivered(20, "the request timed out after 10 s", outcomeUnknown: true);

        var digest = Format(batch);

        Assert.Equal("[UNDELIVERED] OrderService: 20 events may not have been delivered", digest.Message.Title);
        Verify(digest, "unanswered-only");
    }

    [Fact]
    public void Drops_only()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.AddDropped(1_250, DropReason.QueueFull);

        Verify(Format(batch), "drops-only");
    }

    private static void Verify(FormattedDigest digest, string name)
    {
        Assert.False(digest.IsFallback);
        Assert.True(digest.BodyBytes <= 20_000, $"{digest.BodyBytes} bytes");
        Approvals.Verify(DigestApprovalText.Render(digest), name);
    }
}
