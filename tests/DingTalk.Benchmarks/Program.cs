using BenchmarkDotNet.Running;
using DingTalk.Benchmarks;

// `-- flood [queueLimit]`: the flood run; anything else goes to BenchmarkDotNet (e.g. `-- --filter '*'`).
if (args.Length > 0 && args[0] == "flood")
{
    return FloodRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : null);
}

BenchmarkSwitcher.FromAssembly(typeof(FloodRun).Assembly).Run(args);
return 0;
