using System.Diagnostics.Metrics;
using DingTalk.Robot.Diagnostics;
using DingTalk.Robot.Testing;

namespace DingTalk.Robot.Tests.Client;

public class MetricsTests
{
    [Fact]
    public void EveryInstrumentIsPublishedUnderTheLibrarysMeter()
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
        Assert.Equal("ms", byName["dingtalk.robot.send.duration"].Unit);
        Assert.IsType<Counter<long>>(byName["dingtalk.digest.events.enqueued"]);
        Assert.IsType<Counter<long>>(byName["dingtalk.digest.events.dropped"]);
        Assert.IsType<Counter<long>>(byName["dingtalk.digest.sent"]);
        Assert.IsType<Counter<long>>(byName["dingtalk.digest.failed"]);
    }

    [Fact]
    public async Task RequestsAreCountedByOutcomeAndTaggedWithNothingElse()
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
            var outcomes = measurements.Where(m => m.Instrument == "dingtalk.robot.requests").Select(m => Assert.Single(m.Tags)).ToArray();
            Assert.Contains(outcomes, t => t.Key == "outcome" && (string?)t.Value == "transient");
            Assert.Contains(outcomes, t => t.Key == "outcome" && (string?)t.Value == "ok");
            Assert.Contains(measurements, m => m.Instrument == "dingtalk.robot.send.duration");
            Assert.All(measurements.SelectMany(m => m.Tags), t => Assert.Contains((string?)t.Value, new[] { "ok", "transient", "throttled", "permanent" }));
        }

        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, tags.ToArray()));
            }
        }
    }
}
