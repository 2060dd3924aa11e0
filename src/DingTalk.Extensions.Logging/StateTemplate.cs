using System.Reflection;
#if NET
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
#endif

namespace DingTalk.Extensions.Logging;

/// <summary>
/// Reads a logging call's format string (its <c>{OriginalFormat}</c> value) for the drop path without boxing the
/// state: Microsoft.Extensions.Logging's states (<c>LogError(template, args)</c>'s, <c>LoggerMessage.Define</c>'s) are
/// structs, and <c>state as IReadOnlyList&lt;…&gt;</c> would box one on every call the full queue refuses.
/// </summary>
internal static class StateTemplate
{
    private const string OriginalFormatKey = "{OriginalFormat}";

    /// <summary>The state's format string, or <see langword="null"/> when it has none (or is not a list of pairs).</summary>
    public static string? Of<TState>(TState state)
        => typeof(TState).IsValueType
            ? StructStateTemplate<TState>.Read(state)
            : DingTalkLogger.OriginalFormat(state as IReadOnlyList<KeyValuePair<string, object?>>);

    /// <summary>
    /// What <see cref="DingTalkLogger.OriginalFormat"/> returns for <paramref name="list"/>, read through the constraint:
    /// on a struct, <c>Count</c> and the indexer are called on the value itself, not on a box of it.
    /// </summary>
    internal static string? Read<TList>(TList list)
        where TList : IReadOnlyList<KeyValuePair<string, object?>>
    {
        // By convention the template is the last entry; look there first, then at the others, last to first.
        for (var i = list.Count - 1; i >= 0; i--)
        {
            var pair = list[i];
            if (pair.Key == OriginalFormatKey)
            {
                return pair.Value as string;
            }
        }

        return null;
    }
}

/// <summary>
/// For one struct state type: <see cref="StateTemplate.Read{TList}"/> made for it, built once (a generic method cannot
/// be called with the constraint from code that does not know it holds, so it is made by reflection).
/// </summary>
/// <typeparam name="TState">The state, a struct.</typeparam>
internal static class StructStateTemplate<TState>
{
    private static readonly Func<TState, string?> Reader = Create();

    public static string? Read(TState state) => Reader(state);

#if NET
    // net8.0's RuntimeFeature.IsDynamicCodeSupported is not marked as a guard for the analyzer yet (net9.0's is).
    [UnconditionalSuppressMessage("AotAnalysis", "IL3050", Justification = "Only where dynamic code is supported; without it, the state is boxed.")]
#endif
    private static Func<TState, string?> Create()
    {
        if (!typeof(IReadOnlyList<KeyValuePair<string, object?>>).IsAssignableFrom(typeof(TState)))
        {
            return static _ => null;
        }

#if NET
        // Without dynamic code (native AOT) the instantiation over a struct may not exist: box instead, as before.
        if (RuntimeFeature.IsDynamicCodeSupported)
#endif
        {
            try
            {
                var read = typeof(StateTemplate).GetMethod(nameof(StateTemplate.Read), BindingFlags.Static | BindingFlags.NonPublic)!;
                return (Func<TState, string?>)read.MakeGenericMethod(typeof(TState)).CreateDelegate(typeof(Func<TState, string?>));
            }
            catch (Exception)
            {
                // Not expected (the method is ours and the constraint is checked above); boxing still reads it right.
            }
        }

        return static state => DingTalkLogger.OriginalFormat((IReadOnlyList<KeyValuePair<string, object?>>?)state);
    }
}
