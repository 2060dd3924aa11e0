using System.Globalization;
using System.Text;

namespace DingTalk.Robot.Testing.Internal;

/// <summary>The message of the <see cref="TimeoutException"/> thrown by <see cref="RobotEmulator.WaitForMessagesAsync"/>.</summary>
internal static class WaitTimeoutReport
{
    private const int MaxRequestsShown = 30;

    public static string Describe(
        int expected,
        TimeSpan timeout,
        RobotEmulatorOptions options,
        IReadOnlyList<ReceivedMessage> messages,
        IReadOnlyList<ReceivedRequest> requests)
    {
        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"Waited {timeout} for {expected} accepted message(s) but the robot accepted {messages.Count}.");
        report.Append(CultureInfo.InvariantCulture, $" The robot: {options}.");
        if (requests.Count == 0)
        {
            report.Append(" No request reached it: is the client pointed at its WebhookUrl, and did it send (or is it still batching)?");
            return report.ToString();
        }

        report.Append(CultureInfo.InvariantCulture, $" {requests.Count} request(s) received:");
        if (requests.Count > MaxRequestsShown)
        {
            report.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  … {requests.Count - MaxRequestsShown} earlier request(s)");
        }

        foreach (var request in requests.Skip(Math.Max(0, requests.Count - MaxRequestsShown)))
        {
            report.Append(Environment.NewLine).Append("  ").Append(request);
        }

        return report.ToString();
    }
}
