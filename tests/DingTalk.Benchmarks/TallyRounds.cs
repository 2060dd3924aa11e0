using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/DingTalk.Benchmarks -- tally</c>: what the drop path's count costs by itself,
/// without a logging library around it. In interleaved rounds of <see cref="CallsPerRound"/> calls, one thread times a
/// call that does nothing, a call that adds one to a count of the thread's own, and <see cref="DropTally.Count"/> of
/// one template (its home slot, the thread's own lane: a flood's usual case). No allocation, so no collection, which
/// the logging rows cannot avoid: this resolves fractions of a nanosecond.
/// </summary>
internal static class TallyRounds
{
    private const int CallsPerRound = 2_000_000;
    private const int Rounds = 60;
    private const int WarmUpRounds = 10;
    private const string Template = "Payment {PaymentId} for order {OrderId} failed";

    [ThreadStatic]
    private static long t_counted;

    public static int Run()
    {
        var tally = new DropTally();
        var nothing = new List<double>();
        var perThread = new List<double>();
        var tallied = new List<double>();
        for (var round = 0; round < WarmUpRounds + Rounds; round++)
        {
            var calledNothing = Time(() => CallNothing(Template));
            var countedPerThread = Time(() => CountPerThread(Template));
            var countedInTally = Time(() => CountInTally(tally, Template));
            if (round >= WarmUpRounds)
            {
                nothing.Add(calledNothing);
                perThread.Add(countedPerThread);
                tallied.Add(countedInTally);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Tally rounds: {Rounds} rounds of {CallsPerRound:N0} calls each, interleaved, one thread; medians (fastest)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  a call that does nothing:         {CallRounds.MedianOf(nothing):0.00} ns ({nothing.Min():0.00})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the same, counting per thread:    {CallRounds.MedianOf(perThread):0.00} ns ({perThread.Min():0.00})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the same, DropTally.Count:        {CallRounds.MedianOf(tallied):0.00} ns ({tallied.Min():0.00})"));
        return 0;
    }

    private static double Time(Action calls)
    {
        var start = Stopwatch.GetTimestamp();
        calls();
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / CallsPerRound;
    }

    // Each loop calls a method the JIT may not inline, as a logging call's provider is called.
    private static void CallNothing(string template)
    {
        for (var i = 0; i < CallsPerRound; i++)
        {
            Nothing(template);
        }
    }

    private static void CountPerThread(string template)
    {
        for (var i = 0; i < CallsPerRound; i++)
        {
            PerThread(template);
        }
    }

    private static void CountInTally(DropTally tally, string template)
    {
        for (var i = 0; i < CallsPerRound; i++)
        {
            InTally(tally, template);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Nothing(string template)
    {
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PerThread(string template)
    {
        if (template is not null)
        {
            t_counted++;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void InTally(DropTally tally, string template) => tally.Count(template, DigestLevel.Error);
}
