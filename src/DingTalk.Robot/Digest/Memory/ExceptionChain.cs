namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// The outermost-to-innermost chain of an exception, followed through <see cref="Exception.InnerException"/> (for an
/// <see cref="AggregateException"/>, its first inner exception), bounded and safe against cycles.
/// </summary>
/// <remarks>
/// An exception is a user object: the chain is walked iteratively with a reference-identity guard and a depth cap,
/// and every read is guarded. Nothing here reads <see cref="Exception.Message"/>: a fingerprint must not depend on it.
/// </remarks>
internal static class ExceptionChain
{
    // Deeper chains are wrappers around wrappers; the first 32 say all a fingerprint needs.
    private const int MaxDepth = 32;

    /// <summary>The chain, outermost first; empty for <see langword="null"/>.</summary>
    public static IReadOnlyList<Exception> Of(Exception? exception)
    {
        var chain = new List<Exception>();
        var current = exception;
        while (current is not null && chain.Count < MaxDepth && !Contains(chain, current))
        {
            chain.Add(current);
            current = InnerOf(current);
        }

        return chain;
    }

    /// <summary>The exception's type as <see cref="FrameName.TypeName"/> normalises it, or <c>Exception</c>.</summary>
    public static string TypeNameOf(Exception exception)
    {
        try
        {
            var type = exception.GetType();
            return FrameName.TypeName(type.FullName ?? type.Name);
        }
        catch (Exception)
        {
            return "Exception";
        }
    }

    // Identity, not Equals: the exception's own Equals is user code.
    private static bool Contains(List<Exception> chain, Exception e)
    {
        foreach (var seen in chain)
        {
            if (ReferenceEquals(seen, e))
            {
                return true;
            }
        }

        return false;
    }

    private static Exception? InnerOf(Exception e)
    {
        try
        {
            return e.InnerException;
        }
        catch (Exception)
        {
            return null;
        }
    }
}
