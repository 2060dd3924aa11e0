// One replica of the fleet tests (FleetProcessTests and FleetRedisOutageTests in tests/DingTalk.Robot.Redis.Tests): a
// separate process that logs a shared incident and noise of its own through the Serilog sink in fleet mode, then prints
// how many events it logged and how long its slowest logging call took.
//
//   DingTalk.Fleet.Replica <webhook> <redis> <replica name> <seconds> <fleet window ms> [expected replicas] [one|own]
//
// The last argument chooses the fleet's one digest (one, the default) or each replica's own digests (own).
//
// It logs for <seconds>, or until a line "stop" arrives on its standard input, whichever comes first. A line
// "phase <name>" adds a problem of its own from then on ("Outage <name> on <replica> …", a new group), so that a test can make each
// replica send a digest worth sending at a moment it chooses (the alert memory tells an ongoing incident once).
//
// TEST-ONLY: the fleet window is shortened to match the emulator's scaled clock (a minute of the emulator lasts a few
// real seconds); production's is 61 s and cannot be changed.
using System.Diagnostics;
using System.Globalization;
using DingTalk.Robot.Redis;
using Serilog;
using Serilog.Debugging;

if (args.Length is < 5 or > 7)
{
    Console.Error.WriteLine("usage: DingTalk.Fleet.Replica <webhook> <redis> <replica name> <seconds> <fleet window ms> [expected replicas] [one|own]");
    return 2;
}

var (webhook, redis, name) = (args[0], args[1], args[2]);
var duration = TimeSpan.FromSeconds(double.Parse(args[3], CultureInfo.InvariantCulture));
var expectedReplicas = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 8;
var oneDigest = args.Length <= 6 || args[6] != "own";
FleetTimings.Current = new FleetTimings { Window = TimeSpan.FromMilliseconds(double.Parse(args[4], CultureInfo.InvariantCulture)) };

// A test that decides when the run ends writes "stop"; an input that just ends (none redirected) changes nothing.
using var stop = new CancellationTokenSource();
string? phase = null;
var stdin = new Thread(() =>
{
    while (Console.In.ReadLine() is { } line)
    {
        line = line.Trim();
        if (line == "stop")
        {
            stop.Cancel();
            return;
        }

        if (line.StartsWith("phase ", StringComparison.Ordinal))
        {
            Volatile.Write(ref phase, line["phase ".Length..]);
        }
    }
}) { IsBackground = true };
stdin.Start();

SelfLog.Enable(line => Console.Error.WriteLine(name + " selflog: " + line));
var logger = new LoggerConfiguration()
    .WriteTo.DingTalk(
        webhook,
        // Own digests: the title names the replica, so a test can tell whose digest it is; the fleet's: the app's name.
        title: oneDigest ? "orders" : name,
        bufferingTimeLimit: TimeSpan.FromSeconds(1),
        shutdownTimeout: TimeSpan.FromSeconds(60),
        fleetRedis: redis,
        fleetName: "orders",
        fleetExpectedReplicas: expectedReplicas,
        fleetReplica: name,
        fleetOneDigest: oneDigest)
    .CreateLogger();

var logged = 0;
var iterations = 0;
var slowest = TimeSpan.Zero;
var call = new Stopwatch();
var clock = Stopwatch.StartNew();
while (clock.Elapsed < duration && !stop.IsCancellationRequested)
{
    // The shared incident every replica sees, and a little noise of this replica's own; each call timed.
    call.Restart();
    logger.Error("Timeout calling {Service} for order {OrderId}", "payments", logged);
    slowest = call.Elapsed > slowest ? call.Elapsed : slowest;
    logged++;
    if (Volatile.Read(ref phase) is { } current && logged % 5 == 0)
    {
        // The template itself names the phase and the replica: each phase is a group of its own, new on each replica
        // (with the fleet's alert memory, a group shared by the replicas is told by one of them).
        call.Restart();
        logger.Error("Outage " + current + " on " + name + " failure {Attempt}", logged);
        slowest = call.Elapsed > slowest ? call.Elapsed : slowest;
        logged++;
    }

    if (logged % 10 == 0)
    {
        call.Restart();
        logger.Warning("Cache miss on {Replica}", name);
        slowest = call.Elapsed > slowest ? call.Elapsed : slowest;
        logged++;
    }

    if (++iterations % 20 == 0)
    {
        // For a test that kills this process: how many it had logged by then (give or take the last 50).
        Console.WriteLine("progress=" + logged.ToString(CultureInfo.InvariantCulture));
    }

    Thread.Sleep(10);
}

await logger.DisposeAsync();
Console.WriteLine("slowest_ms=" + slowest.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture));
Console.WriteLine("logged=" + logged.ToString(CultureInfo.InvariantCulture));
return 0;
