using System.Diagnostics;
using System.Runtime.CompilerServices;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Benchmarks;

internal static class TallyBench
{
    [ThreadStatic]
    private static long t_count;

    public static int Run()
    {
        var tally = new DropTally();
        var template = "Payment {PaymentId} for order {OrderId} failed";
        const int N = 2_000_000;
        var a = new List<double>();
        var b = new List<double>();
        var c = new List<double>();
        for (var r = 0; r < 60; r++)
        {
            var sw = Stopwatch.StartNew();
            ThreadStatic(template, N);
            var ta = sw.Elapsed.TotalNanoseconds / N;
            sw.Restart();
            Tally(tally, template, N);
            var tb = sw.Elapsed.TotalNanoseconds / N;
            sw.Restart();
            Empty(template, N);
            var tc = sw.Elapsed.TotalNanoseconds / N;
            if (r >= 10) { a.Add(ta); b.Add(tb); c.Add(tc); }
        }

        a.Sort(); b.Sort(); c.Sort();
        Console.WriteLine($"empty {c[c.Count / 2]:0.00} ns, thread static {a[a.Count / 2]:0.00} ns, tally {b[b.Count / 2]:0.00} ns (medians); min {c[0]:0.00} / {a[0]:0.00} / {b[0]:0.00}");
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Empty(string template, int n)
    {
        for (var i = 0; i < n; i++) Sink(template);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Sink(string template) { }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThreadStatic(string template, int n)
    {
        for (var i = 0; i < n; i++) CountTs(template);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CountTs(string template) { if (template is not null) t_count++; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tally(DropTally tally, string template, int n)
    {
        for (var i = 0; i < n; i++) CountTally(tally, template);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CountTally(DropTally tally, string template) => tally.Count(template, DigestLevel.Error);
}
