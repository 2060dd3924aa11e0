using System.Runtime.CompilerServices;

namespace DingTalk.Robot.Digest.Markdown.Content;

/// <summary>
/// What a digest can show of an exception, read once: the exception and the first links of its inner-exception
/// chain (type, message, stack trace, aggregate count), and how long the rest of the chain is.
/// </summary>
/// <remarks>
/// An exception is a user object: <see cref="Exception.Message"/> and <see cref="Exception.StackTrace"/> are virtual
/// and can throw, <see cref="object.Equals(object)"/> can be overridden, and a chain can be arbitrarily deep. So every
/// read is guarded, the chain is walked iteratively with a reference-identity cycle guard and a length cap, and
/// <see cref="Exception.ToString"/> (which recurses through the whole chain and calls all of the above) is never called.
/// Reading it here, before formatting, means the formatter itself never runs user code.
/// </remarks>
internal sealed class ExceptionSnapshot
{
    /// <summary>The most inner exceptions any level of detail shows (<see cref="GroupDetail.Levels"/>).</summary>
    public const int MaxInnerShown = 5;

    // Counting an absurd chain stops here; the digest then says "more than".
    private const int CountCap = 100_000;

    // Past this many exceptions in an aggregate's tree, its Message is not read (see IsLargeTree).
    private const int MaxAggregateTreeForMessage = 64;

    private ExceptionSnapshot(IReadOnlyList<ExceptionLink> links, long innerCount, bool innerCountCapped)
    {
        Links = links;
        InnerCount = innerCount;
        InnerCountCapped = innerCountCapped;
    }

    /// <summary>The exception itself, then up to <see cref="MaxInnerShown"/> links of its <see cref="Exception.InnerException"/> chain.</summary>
    public IReadOnlyList<ExceptionLink> Links { get; }

    /// <summary>The distinct inner exceptions below the first link, counted up to a cap.</summary>
    public long InnerCount { get; }

    /// <summary>Whether the chain went on past the cap (the digest says "more than").</summary>
    public bool InnerCountCapped { get; }

    /// <summary>The most inner exceptions a "… N more" line counts before it says "more than N".</summary>
    public static long MoreCountCap => CountCap;

    /// <summary>Reads <paramref name="exception"/>; never throws.</summary>
    public static ExceptionSnapshot? Read(Exception? exception)
    {
        if (exception is null)
        {
            return null;
        }

        var seen = new HashSet<Exception>(ReferenceComparer.Instance) { exception };
        var links = new List<ExceptionLink>(2) { ReadLink(exception) };
        long inner = 0;
        var next = InnerOf(exception);
        while (next is not null && inner < MaxInnerShown + CountCap && seen.Add(next))
        {
            inner++;
            if (links.Count <= MaxInnerShown)
            {
                links.Add(ReadLink(next));
            }

            next = InnerOf(next);
        }

        var capped = inner >= MaxInnerShown + CountCap && next is not null;
        return new ExceptionSnapshot(links, inner, capped);
    }

    private static ExceptionLink ReadLink(Exception e)
        => new(TypeNameOf(e), MessageOf(e), e is AggregateException, AggregateCountOf(e), StackTraceOf(e));

    private static string TypeNameOf(Exception e)
    {
        try
        {
            // Another replica's exception, relayed for the fleet's digest: shown as the original was.
            if (e is Relay.RelayedException relayed)
            {
                return relayed.TypeName;
            }

            var type = e.GetType();
            return type.FullName ?? type.Name;
        }
        catch (Exception)
        {
            return DigestWording.UnknownExceptionType;
        }
    }

    private static string? MessageOf(Exception e)
    {
        try
        {
            return e is AggregateException aggregate && IsLargeTree(aggregate) ? null : e.Message;
        }
        catch (Exception thrown)
        {
            return DigestWording.ExceptionMessageThrew(TypeNameOf(thrown));
        }
    }

    // AggregateException.Message concatenates the messages of all its inner exceptions, recursively: over a large tree
    // one read copies every nested message once per level (a thousand nested aggregates around a long message took
    // seconds and a gigabyte, stalling the digest loop). Such an aggregate is shown by its type and count alone; the
    // chain below it shows its first inner exceptions with their own messages anyway.
    private static bool IsLargeTree(AggregateException root)
    {
        var pending = new Stack<AggregateException>();
        pending.Push(root);
        var exceptions = 0;
        while (pending.Count > 0)
        {
            foreach (var inner in pending.Pop().InnerExceptions)
            {
                if (++exceptions > MaxAggregateTreeForMessage)
                {
                    return true;
                }

                if (inner is AggregateException nested)
                {
                    pending.Push(nested);
                }
            }
        }

        return false;
    }

    // Exception.StackTrace builds a new string (kilobytes, with file and line lookups) on every call: taken once here.
    private static string? StackTraceOf(Exception e)
    {
        try
        {
            return e.StackTrace;
        }
        catch (Exception)
        {
            return null;
        }
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

    private static int AggregateCountOf(Exception e)
    {
        try
        {
            return e is AggregateException aggregate ? aggregate.InnerExceptions.Count : 0;
        }
        catch (Exception)
        {
            return 0;
        }
    }

    // Identity, not Equals/GetHashCode: those are user code and may throw or lie.
    private sealed class ReferenceComparer : IEqualityComparer<Exception>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(Exception? x, Exception? y) => ReferenceEquals(x, y);

        public int GetHashCode(Exception obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
