using System.Collections;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging.Tests;

/// <summary>
/// The drop path reads a call's format string without boxing its state (<see cref="StateTemplate"/>): it must read what
/// the accepted path reads (<see cref="DingTalkLogger.OriginalFormat"/> on the boxed state), for MEL's own structs and
/// for any other state.
/// </summary>
public sealed class StateTemplateTests
{
    private const string Template = "Payment {PaymentId} for order {OrderId} failed";

    private static readonly Action<ILogger, int, string, Exception?> PaymentFailed =
        LoggerMessage.Define<int, string>(LogLevel.Error, new EventId(1, "PaymentFailed"), Template);

    private static readonly Action<ILogger, Exception?> NoValues =
        LoggerMessage.Define(LogLevel.Error, new EventId(2, "NoValues"), "Nothing to fill in");

    [Fact]
    public void A_LoggerMessage_Define_state_reads_as_its_format_string_instance()
    {
        Assert.Same(Template, StateReplay.TemplateOf(l => PaymentFailed(l, 42, "SO-1", null)));
        Assert.Same("Nothing to fill in", StateReplay.TemplateOf(l => NoValues(l, null)));
    }

    [Fact]
    public void A_LogError_state_reads_as_its_format_string_instance()
    {
        Assert.Same(Template, StateReplay.TemplateOf(l => l.LogError(Template, 42, "SO-1")));
        Assert.Same("No arguments", StateReplay.TemplateOf(l => l.LogError("No arguments")));
    }

    [Fact]
    public void A_struct_list_with_the_format_string_anywhere_reads_as_it()
    {
        Assert.Equal("first", StateTemplate.Of(new PairList(("{OriginalFormat}", "first"), ("Id", 1))));
        Assert.Equal("middle", StateTemplate.Of(new PairList(("Id", 1), ("{OriginalFormat}", "middle"), ("Name", "x"))));
    }

    [Fact]
    public void A_state_without_a_format_string_reads_as_none()
    {
        Assert.Null(StateTemplate.Of(new PairList(("Id", 1))));
        Assert.Null(StateTemplate.Of(new PairList()));
        Assert.Null(StateTemplate.Of(new PairList(("{OriginalFormat}", 42))));
        Assert.Null(StateTemplate.Of(new NotAList(1)));
        Assert.Null(StateTemplate.Of("a string state"));
        Assert.Null(StateTemplate.Of<object?>(null));
    }

    [Fact]
    public void A_class_list_reads_as_its_format_string()
    {
        var list = new List<KeyValuePair<string, object?>> { new("Id", 1), new("{OriginalFormat}", "from a class") };
        Assert.Equal("from a class", StateTemplate.Of(list));
        Assert.Equal("from a class", StateTemplate.Of<IReadOnlyList<KeyValuePair<string, object?>>>(list));
    }

    [Fact]
    public void A_state_whose_list_throws_reads_as_none_and_does_not_throw()
    {
        // The drop path has no handler of its own: a caller's buggy list must cost its event the template, not the call.
        Assert.Null(StateTemplate.Of(new ThrowingList()));
        Assert.Null(StateTemplate.Of(new ThrowingClassList()));
        Assert.Null(StateTemplate.Of<IReadOnlyList<KeyValuePair<string, object?>>>(new ThrowingClassList()));
    }

    [Fact]
    public void Only_the_logging_library_own_states_are_read_without_a_guard()
    {
        Assert.True(StateTemplate.IsLoggingOwn(StateReplay.StateTypeOf(l => l.LogError(Template, 42, "SO-1"))));
        Assert.True(StateTemplate.IsLoggingOwn(StateReplay.StateTypeOf(l => PaymentFailed(l, 42, "SO-1", null))));
        Assert.True(StateTemplate.IsLoggingOwn(StateReplay.StateTypeOf(l => NoValues(l, null))));
        Assert.False(StateTemplate.IsLoggingOwn(typeof(PairList)));
        Assert.False(StateTemplate.IsLoggingOwn(typeof(ThrowingList)));
    }

    [Fact]
    public void The_logging_library_own_states_are_read_at_their_last_pair_only()
    {
        // Unguarded, so no other index is read: a state laid out otherwise reads as none instead of risking a throw.
        Assert.Equal("last", StateTemplate.ReadLast(new OnlyLastReadable(3, "last")));
        Assert.Null(StateTemplate.ReadLast(new PairList(("{OriginalFormat}", "first"), ("Id", 1))));
        Assert.Null(StateTemplate.ReadLast(new PairList()));
        Assert.Null(StateTemplate.ReadLast(new PairList(("{OriginalFormat}", 42))));
    }

    private readonly record struct NotAList(int Value);

    // Throws for every index but the last, where it holds the format string.
    private readonly struct OnlyLastReadable : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly string _template;

        public OnlyLastReadable(int count, string template)
        {
            Count = count;
            _template = template;
        }

        public int Count { get; }

        public KeyValuePair<string, object?> this[int index]
            => index == Count - 1 ? new("{OriginalFormat}", _template) : throw new InvalidOperationException("read at " + index);

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => throw new InvalidOperationException("enumerated");

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private readonly struct ThrowingList : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => throw new InvalidOperationException("a buggy state");

        public KeyValuePair<string, object?> this[int index] => throw new InvalidOperationException("a buggy state");

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => throw new InvalidOperationException("a buggy state");

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class ThrowingClassList : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 2;

        public KeyValuePair<string, object?> this[int index] => throw new IndexOutOfRangeException("a buggy state");

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => throw new InvalidOperationException("a buggy state");

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private readonly struct PairList : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] _pairs;

        public PairList(params (string Key, object? Value)[] pairs) => _pairs = pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).ToArray();

        public int Count => _pairs?.Length ?? 0;

        public KeyValuePair<string, object?> this[int index] => _pairs[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)(_pairs ?? [])).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
