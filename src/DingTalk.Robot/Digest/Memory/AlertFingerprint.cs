using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// The identity of an alert group across digests and process restarts: the same problem gets the same fingerprint
/// tomorrow and after a redeploy, so the memory can tell new from ongoing. Shown as 16 lowercase hex digits.
/// </summary>
/// <remarks>
/// Made of what identifies a problem and nothing that varies between its occurrences: the message template, the
/// outermost and innermost exception types and the top in-app stack frame (<see cref="InAppFrame"/>); never the
/// exception's message, line numbers or the rendered text. Hashed with SHA-256 (the first 64 bits), not
/// <see cref="string.GetHashCode()"/>, which is randomised per process. A user's own fingerprint (a
/// <c>Fingerprint</c> property, as Sentry's SDKs have) wins when present.
/// </remarks>
internal readonly struct AlertFingerprint : IEquatable<AlertFingerprint>
{
    // The recipe's version is hashed in: changing what goes into a fingerprint later regroups everything once, on
    // purpose (as Sentry versions its grouping), instead of silently colliding with the old fingerprints.
    private const string Recipe = "dingtalk-alert-fingerprint/1";

    /// <summary>Wraps a fingerprint's 64 bits.</summary>
    public AlertFingerprint(ulong value) => Value = value;

    /// <summary>The fingerprint's 64 bits.</summary>
    public ulong Value { get; }

    /// <summary>The fingerprint of a group's template and (first) exception, or the user's override.</summary>
    /// <param name="messageTemplate">The template the group shares (<c>"Timeout calling {Service}"</c>).</param>
    /// <param name="exception">The group's exception, if any.</param>
    /// <param name="userFingerprint">The user's own fingerprint (a <c>Fingerprint</c> property); wins when not blank.</param>
    public static AlertFingerprint Of(string? messageTemplate, Exception? exception, string? userFingerprint = null)
    {
        if (!string.IsNullOrWhiteSpace(userFingerprint))
        {
            // Its own kind of input, so a user's value can never equal a computed one by accident.
            return Hash("user", userFingerprint!.Trim());
        }

        var chain = ExceptionChain.Of(exception);
        return chain.Count == 0
            ? Hash("template", messageTemplate ?? string.Empty)
            : Hash(
                "template+exception",
                messageTemplate ?? string.Empty,
                ExceptionChain.TypeNameOf(chain[0]),
                ExceptionChain.TypeNameOf(chain[chain.Count - 1]),
                InAppFrame.Of(chain) ?? string.Empty);
    }

    /// <summary>
    /// The fingerprint of a template alone, for events that carry no exception (or whose exception is not available
    /// where the fingerprint is taken). The same as <see cref="Of"/> with no exception.
    /// </summary>
    public static AlertFingerprint OfTemplate(string? messageTemplate, string? userFingerprint = null)
        => Of(messageTemplate, null, userFingerprint);

    /// <inheritdoc/>
    public bool Equals(AlertFingerprint other) => Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AlertFingerprint other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>The 16 lowercase hex digits.</summary>
    public override string ToString() => Value.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Equality.</summary>
    public static bool operator ==(AlertFingerprint left, AlertFingerprint right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(AlertFingerprint left, AlertFingerprint right) => !left.Equals(right);

    private static AlertFingerprint Hash(params string[] fields)
    {
        // Each field is length-prefixed, so no choice of template can make two different field lists read the same.
        var text = new StringBuilder(Recipe).Append('\n');
        foreach (var field in fields)
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
#if NET5_0_OR_GREATER
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes, digest);
#else
        byte[] digest;
        using (var sha = SHA256.Create())
        {
            digest = sha.ComputeHash(bytes);
        }
#endif
        ulong value = 0;
        for (var i = 0; i < 8; i++)
        {
            value = (value << 8) | digest[i];
        }

        return new AlertFingerprint(value);
    }
}
