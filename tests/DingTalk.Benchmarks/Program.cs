using BenchmarkDotNet.Running;
using DingTalk.Benchmarks;

// `-- flood`: the flood run; anything else goes to BenchmarkDotNet (e.g. `-- --filter '*'`).
if (args.Length > 0 && args[0] == "flood")
{
    return FloodRun.Run();
}

BenchmarkSwitcher.FromAssembly(typeof(FloodRun).Assembly).Run(args);
return 0;
