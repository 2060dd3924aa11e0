using System.Diagnostics.Metrics;
using DingTalk.Robot.Diagnostics;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Testing;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Robot.Tests.Client;

public class MetricsTests
{
    [Fact]
    public void Every_instrument_is_published_under_the_librarys_meter()
    {
        var instruments = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == "DingTalk.Robot")
                {
                    lock (instruments)
                    {
                        instruments.Add(instrument);
                    }
                }
            },
        };
        _ = DingTalkMetrics.Meter;
        listener.Start();

        var byName = instruments.ToDictionary(i => i.Name);
        Assert.IsType<Counter<long>>(byName["dingtalk.robot.requests"]);
        Assert.IsType<Histogram<double>>(byName["dingtalk.robot.send.duration"]);
        Assert.Equal("s", byName["dingtalk.robot.send.duration"].Unit);
        Assert.IsType<Counter<long>>(byName["dingtalk.digest.events.enqueued"]);
        Assert.IsType<Counter<long>>(byName["dingtalk.digest.events.dropped"]);
        Assert.IsType<Counter<long>>(byName["dingtalk.digest.sent"]);
        Assert.IsType<Counter<long>>(byName["dingtalk.digest.failed"]);
    }

    [Fact]
    public async Task Requests_are_counted_by_outcome_and_tagged_with_the_robot_and_nothing_else()
    {
        var measurements = new List<(string Instrument, KeyValuePair<string, object?>[] Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == DingTalkMetrics.Meter)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
        listener.Start();

        await using var harness = await RobotHarness.StartAsync();
        harness.Robot.InjectFault(RobotFault.ErrCode(-1, "busy"));
        await harness.DriveAsync(harness.Client.SendAsync(new TextMessage("hello")));

        lock (measurements)
        {
            // Other tests run in parallel: look for at least what this one caused.
            var requests = measurements.Where(m => m.Instrument == "dingtalk.robot.requests").ToArray();
            Assert.All(requests, m => Assert.Equal(["dingtalk.robot", "dingtalk.outcome"], m.Tags.Select(t => t.Key)));
            var outcomes = requests.Select(m => m.Tags[1]).ToArray();
            Assert.Contains(outcomes, t => t.Key == "dingtalk.outcome" && (string?)t.Value == "transient");
            Assert.Contains(outcomes, t => t.Key == "dingtalk.outcome" && (string?)t.Value == "ok");
            Assert.Contains(measurements, m => m.Instrument == "dingtalk.robot.send.duration");
            Assert.All(measurements.SelectMany(m => m.Tags), t => Assert.True(
                t.Key == "dingtalk.robot" ? ((string)t.Value!).Length > 0 : new[] { "ok", "transient", "throttled", "permanent" }.Contains((string?)t.Value)));
        }

        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, tags.ToArray()));
            }
        }
    }

    [Fact]
    public async Task Events_taken_from_the_queue_and_events_dropped_are_counted_per_robot_by_its_tag()
    {
        // Names of this test's own: other tests run in parallel and add to the same instruments under theirs.
        var busy = "busy-" + Guid.NewGuid().ToString("N");
        var quiet = "quiet-" + Guid.NewGuid().ToString("N");
        var totals = new Dictionary<(string Instrument, string? Robot), long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == DingTalkMetrics.Meter && instrument.Name.StartsWith("dingtalk.digest.events.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            // A measurement with any other tag than the robot's is not counted, and the totals below would miss it.
            var robot = tags.Length == 1 && tags[0].Key == DingTalkMetrics.RobotTag ? tags[0].Value as string : null;
            if (robot != busy && robot != quiet)
            {
                return;
            }

            lock (totals)
            {
                totals[(instrument.Name, robot)] = totals.GetValueOrDefault((instrument.Name, robot)) + value;
            }
        });
        listener.Start();

        await using var busyRobot = await RobotEmulator.StartAsync();
        await using var quietRobot = await RobotEmulator.StartAsync();
        var busyEngine = new DigestEngine<DigestEvent>(
            new DingTalkDigestOptions { WebhookUrl = busyRobot.WebhookUrl, Name = busy, QueueLimit = 10 }, DigestEventPassThroughReader.Instance, diagnostics: null);
        var quietEngine = new DigestEngine<DigestEvent>(
            new DingTalkDigestOptions { WebhookUrl = quietRobot.WebhookUrl, Name = quiet }, DigestEventPassThroughReader.Instance, diagnostics: null);
        var accepted = 0;
        for (var i = 0; i < 1_000; i++)
        {
            accepted += busyEngine.TryEnqueue(new DigestEvent(DateTimeOffset.UnixEpoch, DigestLevel.Error, "Boom {N}", "Boom " + i)) ? 1 : 0;
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.True(quietEngine.TryEnqueue(new DigestEvent(DateTimeOffset.UnixEpoch, DigestLevel.Error, "Slow {N}", "Slow " + i)));
        }

        await busyEngine.DisposeAsync();
        await quietEngine.DisposeAsync();

        // Each robot's counts under its own tag, exactly: every event it was given is either enqueued or dropped.
        Assert.InRange(accepted, 10, 999);
        lock (totals)
        {
            Assert.Equal(accepted, totals.GetValueOrDefault(("dingtalk.digest.events.enqueued", busy)));
            Assert.Equal(1_000 - accepted, totals.GetValueOrDefault(("dingtalk.digest.events.dropped", busy)));
            Assert.Equal(3, totals.GetValueOrDefault(("dingtalk.digest.events.enqueued", quiet)));
            Assert.Equal(0, totals.GetValueOrDefault(("dingtalk.digest.events.dropped", quiet)));
        }
    }
}
