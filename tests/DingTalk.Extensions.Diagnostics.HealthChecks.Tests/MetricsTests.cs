using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DingTalk.Robot;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Testing;

namespace DingTalk.Extensions.Diagnostics.HealthChecks.Tests;

/// <summary>The meter follows OpenTelemetry's conventions: durations in seconds as histograms, and a robot tag that is never a secret.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Send_durations_are_histograms_in_seconds_tagged_with_the_robots_name()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var seen = new ConcurrentBag<(Instrument Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = Listen(seen);
        using (var sender = new RobotDigestSender(new DingTalkRobotClient(new DingTalkRobotOptions { WebhookUrl = robot.WebhookUrl, Name = "metrics-named" }, handler: null, timeProvider: null)))
        {
            await sender.SendAsync(new MarkdownMessage("t", "x"), CancellationToken.None);
        }

        var ours = seen.Where(m => Equals(m.Tags.GetValueOrDefault("dingtalk.robot"), "metrics-named")).ToList();
        var duration = Assert.Single(ours, m => m.Instrument.Name == "dingtalk.robot.send.duration");
        Assert.IsType<Histogram<double>>(duration.Instrument);
        Assert.Equal("s", duration.Instrument.Unit);
        Assert.InRange(duration.Value, 0, 30);
        Assert.Equal("ok", duration.Tags["dingtalk.outcome"]);
        Assert.Single(ours, m => m.Instrument.Name == "dingtalk.digest.sent");
        Assert.Single(ours, m => m.Instrument.Name == "dingtalk.robot.requests");
    }

    [Fact]
    public async Task Without_a_name_the_robot_tag_is_a_short_hash_never_the_token()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var token = robot.WebhookUrl.Split("access_token=")[1];
        var seen = new ConcurrentBag<(Instrument Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = Listen(seen);
        using var client = new DingTalkRobotClient(new DingTalkRobotOptions { WebhookUrl = robot.WebhookUrl });
        await client.SendAsync(new TextMessage("x"));

        var expected = DingTalk.Robot.Diagnostics.DingTalkMetrics.RobotName(null, token);
        Assert.Matches("^webhook-[0-9a-f]{8}$", expected);
        Assert.DoesNotContain(token, expected, StringComparison.Ordinal);
        Assert.Contains(seen, m => m.Instrument.Name == "dingtalk.robot.send.duration" && Equals(m.Tags.GetValueOrDefault("dingtalk.robot"), expected));
    }

    private static MeterListener Listen(ConcurrentBag<(Instrument, double, Dictionary<string, object?>)> seen)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "DingTalk.Robot")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => seen.Add((i, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen.Add((i, v, ToDictionary(tags))));
        listener.Start();
        return listener;
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
