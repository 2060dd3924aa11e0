namespace DingTalk.Robot.Digest.Relay;

/// <summary>
/// An exception as another replica's digest read it (type name, message, stack trace, the inner chain), carried to the
/// replica that sends the fleet's digest. It is shown as the original was (<c>ExceptionSnapshot</c> reads
/// <see cref="TypeName"/>); its group's fingerprint travels with it, so it is never fingerprinted again.
/// </summary>
internal sealed class RelayedException : Exception
{
    private readonly string? _stackTrace;

    public RelayedException(string typeName, string? message, string? stackTrace, RelayedException? inner)
        : base(message ?? string.Empty, inner)
    {
        TypeName = typeName;
        _stackTrace = stackTrace;
    }

    /// <summary>The original exception's full type name.</summary>
    public string TypeName { get; }

    /// <inheritdoc />
    public override string? StackTrace => _stackTrace;

    /// <summary>The inner chain, as relayed.</summary>
    public RelayedException? Inner => InnerException as RelayedException;
}
