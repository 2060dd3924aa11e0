using DingTalk.Robot.Testing;

namespace DingTalk.Robot.Redis.Tests.Infrastructure;

/// <summary>Reads who sent a fleet's digest from its last line (<c>sent by orders-3</c>).</summary>
internal static class FleetDigests
{
    /// <summary>The digest's signature line, or <see langword="null"/>.</summary>
    public static string? Signature(ReceivedMessage message)
        => message.Text?.Split('\n').LastOrDefault(l => l.Contains("sent by ", StringComparison.Ordinal))?.Trim();

    /// <summary>The replica that sent the digest, or <see langword="null"/>.</summary>
    public static string? Sender(ReceivedMessage message)
        => Signature(message) is { } line && line.LastIndexOf("sent by ", StringComparison.Ordinal) is var at and >= 0 ? line[(at + "sent by ".Length)..] : null;
}
