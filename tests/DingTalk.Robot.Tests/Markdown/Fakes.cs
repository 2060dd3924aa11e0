// Not DingTalk.Robot.Tests.Markdown, the folder's namespace: a digest shows an exception's full type name, and the
// approved digests name these types as they were named when the files were approved.
namespace DingTalk.Robot.Tests.Digest;

/// <summary>An exception with a fixed stack trace, so approved digests do not depend on paths or line numbers.</summary>
internal class FakeException : Exception
{
    private readonly string? _stackTrace;

    public FakeException(string message, string? stackTrace = null, Exception? inner = null)
        : base(message, inner)
        => _stackTrace = stackTrace;

    public override string? StackTrace => _stackTrace;
}

/// <summary>A timeout as the HTTP client would throw it.</summary>
internal sealed class FakeTimeoutException : FakeException
{
    public FakeTimeoutException(string message, string? stackTrace = null, Exception? inner = null)
        : base(message, stackTrace, inner)
    {
    }
}

/// <summary>An exception whose Message and StackTrace throw: user code at its worst.</summary>
internal sealed class HostileException : Exception
{
    public HostileException(Exception? inner = null)
        : base("never read", inner)
    {
    }

    public override string Message => throw new InvalidOperationException("Message is broken");

    public override string? StackTrace => throw new NotSupportedException("StackTrace is broken");

    public override string ToString() => throw new InvalidOperationException("ToString must never be called");

    public override bool Equals(object? obj) => throw new InvalidOperationException("Equals must never be called");

    public override int GetHashCode() => throw new InvalidOperationException("GetHashCode must never be called");
}
