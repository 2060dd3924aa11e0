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

    /// <summary>The number of events a digest accounts for, read from its summary line.</summary>
    public static int EventCount(string? text)
    {
        var match = EventTotal().Match(text ?? string.Empty);
        return match.Success ? int.Parse(match.Groups[1].Value.Replace(",", string.Empty), CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"(\d[\d,]*) events?")]
    private static partial Regex EventTotal();
}
