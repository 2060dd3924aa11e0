using BenchmarkDotNet.Running;
using DingTalk.Benchmarks;

// `-- flood [queueLimit]`: the flood run; `-- rounds [rounds]`: the call rows in one process, interleaved; `-- tally`:
// the drop path's count by itself; anything else goes to BenchmarkDotNet (e.g. `-- --filter '*'`).
if (args.Length > 0 && args[0] == "rounds")
{
    return CallRounds.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60);
}

if (args.Length > 0 && args[0] == "tally")
{
    return TallyRounds.Run();
}

if (args.Length > 0 && args[0] == "flood")
{
    return FloodRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : null);
}

BenchmarkSwitcher.FromAssembly(typeof(FloodRun).Assembly).Run(args);
return 0;
