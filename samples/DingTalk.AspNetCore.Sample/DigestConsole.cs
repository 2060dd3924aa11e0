using DingTalk.Robot.Testing;

namespace DingTalk.AspNetCore.Sample;

/// <summary>Prints each digest the emulated DingTalk group receives: its title (the notification) and its markdown.</summary>
internal static class DigestConsole
{
    private static readonly object Sync = new();

    public static void Print(ReceivedMessage message)
    {
        lock (Sync)
        {
            Console.WriteLine();
            Console.WriteLine($"──── DingTalk digest received at {message.ReceivedAt:HH:mm:ss} ({message.BodyBytes:N0} bytes) ────");
            Console.WriteLine($"🔔 {message.Title}");
            foreach (var line in (message.Text ?? string.Empty).Split('\n'))
            {
                Console.WriteLine("│ " + line);
            }

            var mentions = message.AtMobiles.Concat(message.AtUserIds).ToList();
            Console.WriteLine(mentions.Count == 0 ? "(no @mentions)" : "@mentions: " + string.Join(", ", mentions));
            Console.WriteLine();
        }
    }
}
