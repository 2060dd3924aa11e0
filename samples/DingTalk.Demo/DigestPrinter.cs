using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DingTalk.Robot.Testing;

namespace DingTalk.Demo;

/// <summary>Prints each digest the emulated group receives: the notification line, the markdown, the mentions.</summary>
internal sealed partial class DigestPrinter
{
    private readonly Stopwatch _clock;
    private readonly object _sync = new();
    private int _count;

    public DigestPrinter(Stopwatch clock) => _clock = clock;

    public void Print(ReceivedMessage message)
    {
        lock (_sync)
        {
            _count++;
            Console.WriteLine();
            Console.WriteLine($"[{_clock.Elapsed.TotalSeconds,5:0.0}s] ── digest #{_count} arrived (errcode 0, {message.BodyBytes:N0} bytes) ──────────────");
            Console.WriteLine($"  🔔 {message.Title}");
            foreach (var line in (message.Text ?? string.Empty).Split('\n'))
            {
                Console.WriteLine("  │ " + line);
            }

            var mentions = message.AtMobiles.Concat(message.AtUserIds).ToList();
            Console.WriteLine(mentions.Count == 0
                ? "  (no mentions)"
                : $"  mentions: {string.Join(", ", mentions)}{(message.MentionsMissingFromText.Count == 0 ? " (all in the text, so they notify)" : " (MISSING from text!)")}");
            Console.WriteLine();
        }
    }

    /// <summary>The number of events a digest holds, read from its bold summary line ("**3 errors, 12 warnings**").</summary>
    public static int EventCount(string? text)
    {
        var summary = (text ?? string.Empty).Split('\n').FirstOrDefault(line => line.StartsWith("**", StringComparison.Ordinal));
        return summary is null
            ? 0
            : Number().Matches(summary).Sum(m => int.Parse(m.Value.Replace(",", string.Empty), CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"\d[\d,]*")]
    private static partial Regex Number();
}
