using System.Runtime.CompilerServices;
#if NET
using System.Diagnostics.CodeAnalysis;
#endif

namespace DingTalk.Extensions.Logging;

/// <summary>
/// Reads a logging call's format string (its <c>{OriginalFormat}</c> value) for the drop path without boxing the
/// state: Microsoft.Extensions.Logging's states (<c>LogError(template, args)</c>'s, <c>LoggerMessage.Define</c>'s) are
/// structs, and <c>state as IReadOnlyList&lt;…&gt;</c> would box one on every call the full queue refuses.
/// </summary>
/// <remarks>
/// Never throws: a state whose list throws (a bug in the caller's type) reads as having no format string, and its
/// event is counted per level. Only Microsoft.Extensions.Logging's own states are read without a guard, and only at
/// their last pair, which is always the format string and which their lists cannot throw for. So the drop path has no
/// exception handler of its own, which would keep it from being compiled as tightly.
/// </remarks>
internal static class StateTemplate
{
    private const string OriginalFormatKey = "{OriginalFormat}";

    /// <summary>The state's format string, or <see langword="null"/> when it has none, is not a list of pairs, or its list throws.</summary>
    public static string? Of<TState>(TState state)
        => typeof(TState).IsValueType ? StructStateTemplate<TState>.Read(state) : OfClass(state);

    /// <summary>
    /// Whether <paramref name="state"/> is one of Microsoft.Extensions.Logging's own types, whose list of values is read
    /// without a guard.
    /// </summary>
    internal static bool IsLoggingOwn(Type state) => state.Assembly == typeof(Microsoft.Extensions.Logging.ILogger).Assembly;

    /// <summary><see cref="DingTalkLogger.OriginalFormat"/>, but <see langword="null"/> when the list throws.</summary>
    internal static string? Guarded(IReadOnlyList<KeyValuePair<string, object?>>? list)
    {
        try
        {
            return DingTalkLogger.OriginalFormat(list);
        }
        catch (Exception)
        {
            return null;
        }
    }

    // Anyone's class: read under the guard, out of line.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? OfClass(object? state) => Guarded(state as IReadOnlyList<KeyValuePair<string, object?>>);

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

    /// <summary>
    /// For Microsoft.Extensions.Logging's own states: the format string from the last pair only, where those states
    /// always put it. Reading no other index is what makes the unguarded read safe: for the last one, their lists
    /// return the format string and cannot throw; a state laid out otherwise reads as none (its event is counted per level).
    /// </summary>
    internal static string? ReadLast<TList>(TList list)
        where TList : IReadOnlyList<KeyValuePair<string, object?>>
    {
        var count = list.Count;
        if (count == 0)
        {
            return null;
        }

        var pair = list[count - 1];
        return pair.Key == OriginalFormatKey ? pair.Value as string : null;
    }
}

/// <summary>
/// For one struct state type: how its format string is read, chosen once. A list of pairs is read by
/// <see cref="StateTemplate.Read{TList}"/> made for it (a generic method cannot be called with the constraint from code
/// that does not know it holds, so the reader is made by reflection); the reader is a sealed class in a static readonly
/// field, so the JIT knows its exact type and calls it directly.
/// </summary>
/// <typeparam name="TState">The state, a struct.</typeparam>
internal abstract class StructStateTemplate<TState>
{
    private static readonly StructStateTemplate<TState> Reader = Create();

    public static string? Read(TState state) => Reader.ReadState(state);

    internal abstract string? ReadState(TState state);

#if NET
    // net8.0's RuntimeFeature.IsDynamicCodeSupported is not marked as a guard for the analyzer yet (net9.0's is).
    [UnconditionalSuppressMessage("AotAnalysis", "IL3050", Justification = "Only where dynamic code is supported; without it, the state is boxed.")]
#endif
    private static StructStateTemplate<TState> Create()
    {
        if (!typeof(IReadOnlyList<KeyValuePair<string, object?>>).IsAssignableFrom(typeof(TState)))
        {
            return new NotAList();
        }

#if NET
        // Without dynamic code (native AOT) the instantiation over a struct may not exist: box instead, as before.
        if (RuntimeFeature.IsDynamicCodeSupported)
#endif
        {
            try
            {
                var reader = StateTemplate.IsLoggingOwn(typeof(TState)) ? typeof(StructListTemplate<>) : typeof(GuardedStructListTemplate<>);
                return (StructStateTemplate<TState>)Activator.CreateInstance(reader.MakeGenericType(typeof(TState)))!;
            }
            catch (Exception)
            {
                // Not expected (the type is ours and the constraint is checked above); boxing still reads it right.
            }
        }

        return new Boxed();
    }

    private sealed class NotAList : StructStateTemplate<TState>
    {
        internal override string? ReadState(TState state) => null;
    }

    private sealed class Boxed : StructStateTemplate<TState>
    {
        internal override string? ReadState(TState state) => StateTemplate.Guarded((IReadOnlyList<KeyValuePair<string, object?>>?)state);
    }
}

/// <summary>
/// The reader of Microsoft.Extensions.Logging's own struct states: its calls are constrained, so the state is not boxed,
/// and unguarded (see <see cref="StateTemplate"/>), so it inlines into the drop path.
/// </summary>
/// <typeparam name="TList">The state.</typeparam>
internal sealed class StructListTemplate<TList> : StructStateTemplate<TList>
    where TList : IReadOnlyList<KeyValuePair<string, object?>>
{
    internal override string? ReadState(TList state) => StateTemplate.ReadLast(state);
}

/// <summary>The reader of any other struct state that is a list of pairs: not boxed either, and guarded.</summary>
/// <typeparam name="TList">The state.</typeparam>
internal sealed class GuardedStructListTemplate<TList> : StructStateTemplate<TList>
    where TList : IReadOnlyList<KeyValuePair<string, object?>>
{
    internal override string? ReadState(TList state)
    {
        try
        {
            return StateTemplate.Read(state);
        }
        catch (Exception)
        {
            return null;
        }
    }
}
