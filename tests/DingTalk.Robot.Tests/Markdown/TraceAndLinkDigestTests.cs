using System.Web;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Links;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Memory;
using DingTalk.Testing.Shared;
using static DingTalk.Robot.Tests.Markdown.Scenario;

namespace DingTalk.Robot.Tests.Markdown;

/// <summary>
/// A group with its trace id and links, in a configured time zone, as the on-call person sees it (approved under
/// Approved/trace-and-links.approved.md); and what the links are made of.
/// </summary>
public sealed class TraceAndLinkDigestTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanId = "00f067aa0ba902b7";

    // Events stamped in UTC, as in a container; the team reads Beijing time.
    private static readonly DateTimeOffset Utc = new(2024, 5, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_group_shows_its_trace_id_and_links_in_the_configured_zone()
    {
        var settings = LinkedSettings(new Dictionary<string, string>
        {
            ["Jaeger"] = "https://jaeger.example.com/trace/{TraceId}",
            ["Grafana"] = "https://grafana.example.com/d/orders/orders?var-order={OrderId}&from={FromUnixMs}&to={ToUnixMs}",
            ["Kibana"] = "https://kibana.example.com/app/discover#/?_g=(time:(from:'{From}',to:'{To}'))&_a=(query:(language:kuery,query:'trace.id:\"{TraceId}\"'))",
        });

        Approvals.Verify(DigestApprovalText.Render(Format(Batch(), settings)), "trace-and-links");
    }

    [Fact]
    public void Each_link_decodes_to_the_values_of_the_group_and_its_latest_example()
    {
        var settings = LinkedSettings(new Dictionary<string, string>
        {
            ["Fingerprint"] = "https://alerts.example.com/{Fingerprint}?trace={TraceId}&span={SpanId}&path={RequestPath}&from={From}&to={To}",
        });

        var text = Format(Batch(), settings).Message.Text;

        var url = new Uri(System.Text.RegularExpressions.Regex.Match(text, @"\[Fingerprint\]\((?<u>[^)]+)\)").Groups["u"].Value);
        Assert.Equal("/" + AlertFingerprint.Of("Payment declined for order {OrderId}", null), url.AbsolutePath);
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(TraceId, query["trace"]);
        Assert.Equal(SpanId, query["span"]);
        Assert.Equal("/api/orders/10043/checkout?retry=1&x=<b>", query["path"]);
        Assert.Equal("2024-05-01T01:59:03.000Z", query["from"]);
        Assert.Equal("2024-05-01T02:02:07.000Z", query["to"]);
    }

    [Fact]
    public void A_link_whose_value_is_missing_is_left_out_and_the_rest_stay()
    {
        var settings = LinkedSettings(new Dictionary<string, string>
        {
            ["Tenant"] = "https://admin.example.com/tenants/{TenantId}",
            ["Jaeger"] = "https://jaeger.example.com/trace/{TraceId}",
        });

        var text = Format(Batch(), settings).Message.Text;

        Assert.DoesNotContain("[Tenant]", text, StringComparison.Ordinal);
        Assert.Contains("[Jaeger](https://jaeger.example.com/trace/" + TraceId + ")", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "https://x.example/{TraceId}", "Links must have a title")]
    [InlineData("Jaeger", "", "Links:Jaeger must be a URL template")]
    [InlineData("Jaeger", "jaeger/{TraceId}", "is not an absolute http or https URL")]
    [InlineData("Jaeger", "javascript:alert({TraceId})", "is not an absolute http or https URL")]
    [InlineData("Jaeger", "https://x.example/{TraceId", "has a '{' without its '}'")]
    [InlineData("Jaeger", "https://x.example/{Trace Id}", "which is not a placeholder")]
    public void A_bad_link_is_refused_at_start_up_naming_it(string title, string url, string expected)
    {
        var options = new DingTalkDigestOptions { WebhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=x", Links = { [title] = url } };

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Literal_braces_in_a_template_are_written_doubled()
    {
        var template = LinkTemplate.Parse("Explore", "https://grafana.example.com/explore?left={{\"queries\":[\"{TraceId}\"]}}");

        Assert.Equal("https://grafana.example.com/explore?left={\"queries\":[\"abc\"]}", template.Render(_ => "abc"));
    }

    private static DigestFormatterSettings LinkedSettings(Dictionary<string, string> links)
    {
        var options = new DingTalkDigestOptions { Links = links, TimeZone = "Asia/Shanghai" };
        return Settings(s =>
        {
            s.Links = LinkSet.From(options);
            s.TimeZone = DigestTimeZone.Find(options.TimeZone);
        });
    }

    private static DigestBatch<DigestEvent> Batch()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Traced(3, "10042", "/api/orders/10042/checkout", "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"));
        batch.Add(Traced(67, "10043", "/api/orders/10043/checkout?retry=1&x=<b>", TraceId, SpanId));
        return batch;
    }

    private static DigestEvent Traced(double seconds, string order, string path, string traceId, string spanId)
    {
        var e = new DigestEvent(Utc.AddSeconds(seconds), DigestLevel.Error, "Payment declined for order {OrderId}", "Payment declined for order " + order)
        {
            Source = "OrderService.Orders.CheckoutService",
            TraceId = traceId,
            SpanId = spanId,
            Properties = [new("RequestPath", path), new("Environment", "prod")],
            LinkValues = [new("OrderId", order)],
        };
        return e;
    }
}
