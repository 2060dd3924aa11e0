namespace DingTalk.Robot.Digest.Markdown.Content;

/// <summary>One exception of a chain, as read by <see cref="ExceptionSnapshot"/>: strings and numbers only.</summary>
internal sealed class ExceptionLink
{
    public ExceptionLink(string typeName, string? message, bool isAggregate, int aggregateCount, string? stackTrace)
    {
        TypeName = typeName;
        Message = message;
        IsAggregate = isAggregate;
        AggregateCount = aggregateCount;
        StackTrace = stackTrace;
    }

    /// <summary>The exception's full type name.</summary>
    public string TypeName { get; }

    /// <summary>Its message; <see langword="null"/> when not read (a large aggregate's), or a note when reading threw.</summary>
    public string? Message { get; }

    /// <summary>Whether it is an <see cref="AggregateException"/> (the digest then says how many it holds).</summary>
    public bool IsAggregate { get; }

    /// <summary>The inner exceptions of an aggregate; 0 for any other exception.</summary>
    public int AggregateCount { get; }

    /// <summary>Its stack trace, or <see langword="null"/> (none, or reading it threw).</summary>
    public string? StackTrace { get; }
}
