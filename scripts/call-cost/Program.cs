// The enabled Serilog call of one source tree, against a no-op sink in the same process: interleaved rounds of
// `Log.Error(template, 2 args)`, back to back, after a warm-up. Only the public API is used (WriteTo.DingTalk with a
// queue limit, the robot emulator), so the same source builds against an older commit; scripts/compare-call-cost.sh
// builds it twice and runs the two builds in turns. Arguments: rounds, calls per round, the sink's queue limit.
using System.Diagnostics;
using System.Globalization;
using DingTalk.Robot.Testing;
using Serilog;
using Serilog.Core;
using Serilog.Events;

var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 600;
var callsPerRound = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000;
var queueLimit = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
const string Template = "Payment {PaymentId} for order {OrderId} failed";

await using var robot = await RobotEmulator.StartAsync();
using var noOp = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(new NoOpSink()).CreateLogger();
using var dingTalk = new LoggerConfiguration().MinimumLevel.Information().WriteTo.DingTalk(robot.WebhookUrl, queueLimit: queueLimit).CreateLogger();
var rows = new[] { new Row("no-op sink", noOp), new Row("DingTalk", dingTalk) };

var warmUp = Stopwatch.StartNew();
for (var round = 0; warmUp.Elapsed < TimeSpan.FromSeconds(4); round++)
{
    RunRound(round, record: false);
}

for (var round = 0; round < rounds; round++)
{
    RunRound(round, record: true);
}

var baseline = rows[0];
foreach (var row in rows)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{row.Name,-10} median {row.Median:0.0} ns, fastest {row.Fastest:0.0} ns; ratio {row.Median / baseline.Median:0.00}x ({row.Fastest / baseline.Fastest:0.00}x fastest); collections' pauses {row.PausedNs / row.Count:0.0} ns a call"));
}

void RunRound(int round, bool record)
{
    for (var k = 0; k < rows.Length; k++)
    {
        var row = rows[(round + k) % rows.Length];
        var paused = GC.GetTotalPauseDuration();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < callsPerRound; i++)
        {
            row.Logger.Error(Template, i, "SO-2024-000042");
        }

        var nsPerCall = Stopwatch.GetElapsedTime(start).TotalNanoseconds / callsPerRound;
        if (record)
        {
            row.Record(nsPerCall, (GC.GetTotalPauseDuration() - paused).TotalNanoseconds / callsPerRound);
        }
    }
}

internal sealed class Row(string name, Logger logger)
{
    private readonly List<double> _ns = new();

    public string Name => name;

    public Logger Logger => logger;

    public int Count => _ns.Count;

    public double PausedNs { get; private set; }

    public double Median => _ns.Order().ElementAt(_ns.Count / 2);

    public double Fastest => _ns.Min();

    public void Record(double nsPerCall, double pausedNsPerCall)
    {
        _ns.Add(nsPerCall);
        PausedNs += pausedNsPerCall;
    }
}

internal sealed class NoOpSink : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
    }
}
