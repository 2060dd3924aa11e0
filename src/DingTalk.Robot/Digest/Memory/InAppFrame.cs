using System.Diagnostics;
#if !NET9_0_OR_GREATER && NET5_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif

namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// Finds the top in-app stack frame of an exception chain: the frame nearest the throw that belongs to the app's own
/// code (see <see cref="FrameName.IsInApp"/>), named as <see cref="FrameName.Of"/> names it.
/// </summary>
/// <remarks>
/// The frames come from the exception's captured trace (<see cref="StackTrace(Exception, bool)"/> without file
/// information), never from parsing <see cref="Exception.StackTrace"/>'s text, which is virtual, localised and carries
/// line numbers. An exception that was never thrown has no frames; so does one whose trace the runtime cannot give.
/// </remarks>
internal static class InAppFrame
{
    // The top in-app frame is almost always within the first few dozen; a deep recursion is not walked to its end.
    private const int MaxFrames = 64;

    /// <summary>
    /// The top in-app frame of the innermost exception that has one (the origin of the problem), looking outwards
    /// when an inner exception has none (it was never thrown, or thrown entirely inside a library); or
    /// <see langword="null"/>.
    /// </summary>
    /// <param name="chain">The chain, outermost first (see <see cref="ExceptionChain.Of"/>).</param>
    public static string? Of(IReadOnlyList<Exception> chain)
    {
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var frame = TopOf(chain[i]);
            if (frame is not null)
            {
                return frame;
            }
        }

        return null;
    }

    private static string? TopOf(Exception exception)
    {
        try
        {
            var trace = new StackTrace(exception, false);
            var count = Math.Min(trace.FrameCount, MaxFrames);
            for (var i = 0; i < count; i++)
            {
                var frame = trace.GetFrame(i);
                var name = frame is null ? null : NameOf(frame);
                if (name is not null && FrameName.IsInApp(name))
                {
                    return name;
                }
            }
        }
        catch (Exception)
        {
            // A trace the runtime cannot give is no frame at all: the fingerprint falls back to the types.
        }

        return null;
    }

#if NET9_0_OR_GREATER
    // The trimming-safe way to a frame's names: no reflection metadata needed, also under Native AOT.
    private static string? NameOf(StackFrame frame)
    {
        var method = DiagnosticMethodInfo.Create(frame);
        return method is null ? null : FrameName.Of(method.DeclaringTypeName, method.Name);
    }
#else
#if NET5_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode",
        Justification = "A frame whose metadata was trimmed has no method; it is skipped and the fingerprint falls back to the exception types.")]
#endif
    private static string? NameOf(StackFrame frame)
    {
        var method = frame.GetMethod();
        var type = method?.DeclaringType;
        if (type is null)
        {
            return null;
        }

        // A method of a generic type reports the constructed type, whose full name lists its arguments' assemblies.
        var definition = type.IsGenericType && !type.IsGenericTypeDefinition ? type.GetGenericTypeDefinition() : type;
        return FrameName.Of(definition.FullName ?? definition.Name, method!.Name);
    }
#endif
}
