// One replica of the fleet test (FleetProcessTests in tests/DingTalk.Robot.Redis.Tests): a separate process that logs a
// shared incident and noise of its own through the Serilog sink in fleet mode, then prints how many events it logged.
//
//   DingTalk.Fleet.Replica <webhook> <redis> <replica name> <seconds> <fleet window ms>
//
// TEST-ONLY: the fleet window is shortened to match the emulator's scaled clock (a minute of the emulator lasts a few
// real seconds); production's is 61 s and cannot be changed.
using System.Diagnostics;
using System.Globalization;
using DingTalk.Robot.Redis;
using Serilog;
using Serilog.Debugging;

if (args.Length != 5)
{
    Console.Error.WriteLine("usage: DingTalk.Fleet.Replica <webhook> <redis> <replica name> <seconds> <fleet window ms>");
    return 2;
}

var (webhook, redis, name) = (args[0], args[1], args[2]);
var duration = TimeSpan.FromSeconds(double.Parse(args[3], CultureInfo.InvariantCulture));
FleetTimings.Current = new FleetTimings { Window = TimeSpan.FromMilliseconds(double.Parse(args[4], CultureInfo.InvariantCulture)) };

SelfLog.Enable(line => Console.Error.WriteLine(name + " selflog: " + line));
var logger = new LoggerConfiguration()
    .WriteTo.DingTalk(
        webhook,
        title: name,
        bufferingTimeLimit: TimeSpan.FromSeconds(1),
        shutdownTimeout: TimeSpan.FromSeconds(60),
        fleetRedis: redis,
        fleetName: "orders",
        fleetExpectedReplicas: 8)
    .CreateLogger();

var logged = 0;
var clock = Stopwatch.StartNew();
while (clock.Elapsed < duration)
{
    // The shared incident every replica sees, and a little noise of this replica's own.
    logger.Error("Timeout calling {Service} for order {OrderId}", "payments", logged);
    logged++;
    if (logged % 10 == 0)
    {
        logger.Warning("Cache miss on {Replica}", name);
        logged++;
    }

    Thread.Sleep(10);
}

await logger.DisposeAsync();
Console.WriteLine("logged=" + logged.ToString(CultureInfo.InvariantCulture));
return 0;
