using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Web;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared.FrontEnds;

namespace DingTalk.Scenarios.Tests;

/// <summary>
/// From the chat to the cause (issue 16), through each front end to the emulator: an event logged under an
/// <see cref="Activity"/> shows its trace id and a link built from the configured template that decodes back to the
/// expected URL; properties are capped and filtered; strings are literal; frames and paths arrive as they were; times
/// are in the configured zone.
/// </summary>
public sealed class TraceAndLinkScenarios
{
    private const string Jaeger = "https://jaeger.example.com/trace/{TraceId}?span={SpanId}&order={OrderId}&from={FromUnixMs}&to={ToUnixMs}";
    private static readonly Regex MarkdownLink = new(@"\[(?<title>[^\]]+)\]\((?<url>[^)\s]+)\)", RegexOptions.CultureInvariant);

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task An_event_logged_under_an_activity_shows_its_trace_id_and_a_link_that_decodes_to_the_expected_query(FrontEnd frontEnd)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o =>
        {
            o.BufferingTimeLimit = TimeSpan.FromMinutes(10);
            o.Links = new Dictionary<string, string> { ["Jaeger"] = Jaeger };
        });

        using var activity = new Activity("checkout").SetIdFormat(ActivityIdFormat.W3C).Start();
        rig.App.Error("Payment for order {OrderId} failed in {Frame} at {Path}", "SO-42 & co", "Program.<Main>$", "/orders/42");
        activity.Stop();
        await rig.App.StopAsync();

        var text = Assert.Single(rig.Robot.Messages).Text!;
        var traceId = activity.TraceId.ToHexString();
        var spanId = activity.SpanId.ToHexString();

        // The trace, in full, on the example's line; no activity scope repeating it in the text (MEL's ParentId:0000…).
        Assert.Contains("TraceId = " + traceId + " \u00B7 SpanId = " + spanId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("ParentId", text, StringComparison.Ordinal);

        // Literal strings, and the frame and path as they were logged.
        Assert.Contains("Payment for order SO-42 ＆ co failed in Program.<Main>$ at /orders/42", text, StringComparison.Ordinal);

        // One link, from the configuration, its values URL-encoded: decoded, it is the query the template describes.
        var link = Assert.Single(MarkdownLink.Matches(text));
        Assert.Equal("Jaeger", link.Groups["title"].Value);
        var url = new Uri(link.Groups["url"].Value);
        Assert.Equal("https://jaeger.example.com/trace/" + traceId, url.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(spanId, query["span"]);
        Assert.Equal("SO-42 & co", query["order"]);
        var from = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(query["from"]!, CultureInfo.InvariantCulture));
        var to = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(query["to"]!, CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromMinutes(2), to - from);
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task Links_open_in_the_browser_when_asked_and_event_text_never_makes_one(FrontEnd frontEnd)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o =>
        {
            o.BufferingTimeLimit = TimeSpan.FromMinutes(10);
            o.Links = new Dictionary<string, string> { ["Seq"] = "https://seq.example.com/#/events?filter=TraceId%3D'{TraceId}'" };
            o.OpenLinksInBrowser = true;
        });

        using var activity = new Activity("checkout").SetIdFormat(ActivityIdFormat.W3C).Start();
        rig.App.Error("Rejected {Input}", "[click](https://evil.example/x) ![i](https://evil.example/i.png) <a href=https://evil.example>a</a> @all");
        activity.Stop();
        await rig.App.StopAsync();

        var text = Assert.Single(rig.Robot.Messages).Text!;
        var link = Assert.Single(MarkdownLink.Matches(text));
        Assert.Equal("Seq", link.Groups["title"].Value);
        var wrapper = new Uri(link.Groups["url"].Value);
        Assert.Equal("dingtalk://dingtalkclient/page/link", wrapper.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(wrapper.Query);
        Assert.Equal("false", query["pc_slide"]);
        Assert.Equal($"https://seq.example.com/#/events?filter=TraceId%3D'{activity.TraceId.ToHexString()}'", query["url"]);
        Assert.DoesNotContain("evil.example/", text.Replace("evil.example/x", string.Empty).Replace("evil.example/i.png", string.Empty), StringComparison.Ordinal);
        Assert.DoesNotContain("https://evil", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<a ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@all", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task Properties_are_capped_and_filtered_as_configured(FrontEnd frontEnd)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o =>
        {
            o.BufferingTimeLimit = TimeSpan.FromMinutes(10);
            o.MaxPropertiesShown = 2;
            o.IncludedProperties = ["Environment", "Region", "Tenant", "Secret*", "OrderId"];
            o.ExcludedProperties = ["secret*"];
        });

        var enriched = new Dictionary<string, object?>
        {
            ["Environment"] = "prod",
            ["SecretToken"] = "s3cr3t",
            ["Other"] = "not included",
            ["Region"] = "cn-east",
            ["Tenant"] = "acme",
        };
        using (rig.App.BeginProperties(enriched))
        {
            rig.App.Error("Order {OrderId} failed", 42);
        }

        await rig.App.StopAsync();
        var text = Assert.Single(rig.Robot.Messages).Text!;
        var shown = new[] { "Environment = prod", "Region = cn-east", "Tenant = acme" }.Count(p => text.Contains(p, StringComparison.Ordinal));
        Assert.Equal(2, shown);
        Assert.DoesNotContain("SecretToken", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Other", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OrderId =", text, StringComparison.Ordinal);
        Assert.Contains("Order 42 failed", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task Times_are_written_in_the_configured_zone_with_its_offset_in_the_heading(FrontEnd frontEnd)
    {
        await using var rig = await ScenarioRig.StartAsync(frontEnd.Adapter(), options: o =>
        {
            o.BufferingTimeLimit = TimeSpan.FromMinutes(10);
            o.TimeZone = "Asia/Shanghai";
        });

        rig.App.Error("Order {OrderId} failed", 42);

        // Serilog stamps events with the machine's clock, MEL with the provider's (here the simulated one).
        var loggedAt = frontEnd == FrontEnd.Serilog ? DateTimeOffset.UtcNow : rig.Time.Now;
        await rig.App.StopAsync();

        var text = Assert.Single(rig.Robot.Messages).Text!;
        var window = Regex.Match(text, @"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \+08:00$", RegexOptions.Multiline);
        Assert.True(window.Success, "no window in +08:00:\n" + text);
        var shown = DateTimeOffset.ParseExact(window.Groups[1].Value + " +08:00", "yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
        Assert.InRange(shown - loggedAt, TimeSpan.FromSeconds(-61), TimeSpan.FromSeconds(61));
    }

    [Fact]
    public async Task The_same_options_are_read_from_Logging_DingTalk()
    {
        var frontEnd = new MelFrontEnd(new Dictionary<string, string?>
        {
            ["Logging:DingTalk:BufferingTimeLimit"] = "00:10:00",
            ["Logging:DingTalk:MaxPropertiesShown"] = "1",
            ["Logging:DingTalk:IncludedProperties:0"] = "Env*",
            ["Logging:DingTalk:ExcludedProperties:0"] = "EnvironmentTier",
            ["Logging:DingTalk:Links:Jaeger"] = "https://jaeger.example.com/trace/{TraceId}",
            ["Logging:DingTalk:OpenLinksInBrowser"] = "true",
            ["Logging:DingTalk:TimeZone"] = "China Standard Time",
        });
        await using var rig = await ScenarioRig.StartAsync(frontEnd);

        using var activity = new Activity("checkout").SetIdFormat(ActivityIdFormat.W3C).Start();
        using (rig.App.BeginProperties(new Dictionary<string, object?> { ["EnvironmentTier"] = "gold", ["Environment"] = "prod", ["Region"] = "cn-east" }))
        {
            rig.App.Error("Order {OrderId} failed", 42);
        }

        activity.Stop();
        await rig.App.StopAsync();

        var text = Assert.Single(rig.Robot.Messages).Text!;
        Assert.Contains("Environment = prod", text, StringComparison.Ordinal);
        Assert.DoesNotContain("gold", text, StringComparison.Ordinal);
        Assert.DoesNotContain("cn-east", text, StringComparison.Ordinal);
        Assert.Contains("[Jaeger](dingtalk://dingtalkclient/page/link?url=" + Uri.EscapeDataString("https://jaeger.example.com/trace/" + activity.TraceId.ToHexString()) + "&pc_slide=false)", text, StringComparison.Ordinal);

        // A Windows id works on Linux too (.NET 8+): the simulated clock's 01:00 UTC is 09:00 in Beijing.
        Assert.Contains("2025-03-03 09:00:00 +08:00", text, StringComparison.Ordinal);
    }
}
