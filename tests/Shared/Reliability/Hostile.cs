using System.Collections;
using System.Reflection;

namespace DingTalk.Testing.Shared.Reliability;

/// <summary>
/// What an application can hand a logger that a digest must survive: any text, megabyte messages, thousand-deep and
/// thousand-wide exception trees, members that throw, object graphs that point back at themselves. The property
/// tests of both front ends pick from here by index, so that a failing case prints as a few small numbers.
/// </summary>
internal static class Hostile
{
    /// <summary>Text that is markup, a mention, a link, a control character, a lone surrogate or a template.</summary>
    public static readonly string[] Snippets =
    {
        "#", "### h ", "*", "_", "**b**", "[a](http://x.example)", "![i](http://y.example/i.png)", "](", "[", "<font color=red>",
        "</font>", "<b>", "`", "```", "~~", "|", "@13800000000", "@oncall01", "@all", "@", "＠", "\n", "\r\n", "\r", "\u2028",
        "\u0085", "\0", "\t", "\u001b[31m", "- ", "+ ", "1. ", "> ", "===", "---", "\\", "&#64;", "&amp;", "https://evil.example/a",
        "www.evil.example", "\uD800", "\uDC00", "\uDBFF\uDBFF", "😀", "👨\u200D👩\u200D👧", "e\u0301", "\u202E", "\uFEFF", "\u00A0",
        "钉钉告警", "告警", "{Service}", "{@Order}", "{0}", "{", "}", "{{", "}}", "{$x}", "   ", "\uFFFF", "access_token=abc&sign=xyz",
        "Program.<Main>$", "<<Main>$>b__0_0", "<b>$", "<textarea>$", "ILogger`1", "String[]", "[](", "RequestPath:/orders/42",
    };

    /// <summary>Megabyte-sized texts, built once.</summary>
    public static readonly string[] Huge =
    {
        new string('a', 1_000_000),
        string.Concat(Enumerable.Repeat("# [x](http://e.example) @13800000000\r\n钉钉😀\uD800 ", 25_000)),
        new string('\n', 200_000) + "tail",
        "e" + new string('\u0301', 50_000),
    };

    /// <summary>A short, printable description of <paramref name="text"/>, for a failing case's message.</summary>
    public static string Describe(string text)
    {
        var head = text.Length <= 24 ? text : text.Substring(0, 24);
        var printable = string.Concat(head.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString()));
        return $"\"{printable}{(text.Length > 24 ? "…" : "")}\" ({text.Length} chars)";
    }

    /// <summary>How many kinds <see cref="Exception"/> makes.</summary>
    public const int ExceptionKinds = 9;

    /// <summary>How many kinds <see cref="Value"/> makes.</summary>
    public const int ValueKinds = 8;

    /// <summary>An exception of kind <paramref name="kind"/> (0 = none), its texts taken from <paramref name="text"/>.</summary>
    public static Exception? Exception(int kind, string text)
    {
        switch (kind)
        {
            case 1:
                return new InvalidOperationException(text);
            case 2:
                // 1,000 deep through InnerException.
                Exception chain = new TimeoutException(text);
                for (var i = 0; i < 1_000; i++)
                {
                    chain = i % 5 == 0 ? new ThrowingException(chain) : new InvalidOperationException(text, chain);
                }

                return chain;
            case 3:
                // 1,000 deep through AggregateException, whose Message concatenates every nested message: one read at
                // the top of this tree would copy the text a thousand times over (the renderer must not do that).
                Exception nested = new IOException(text);
                for (var i = 0; i < 1_000; i++)
                {
                    nested = new AggregateException(text, nested, new TimeoutException("sibling " + i));
                }

                return nested;
            case 4:
                // 1,000 wide, half of them sharing one (possibly megabyte) text: the aggregate's Message would be
                // hundreds of megabytes.
                var inner = new InvalidOperationException(text);
                return new AggregateException(text, Enumerable.Range(0, 1_000).Select(i => i % 2 == 0 ? inner : (Exception)new TimeoutException("inner " + i)));
            case 5:
                return new ThrowingException(new ThrowingException(null));
            case 6:
                return new InvalidOperationException(Huge[0]);
            case 7:
                // An inner exception that is itself an aggregate holding a thousand-deep chain.
                return new TargetInvocationException(new AggregateException(Exception(2, text)!, Exception(5, text)!));
            case 8:
                return new ArgumentException(text, text);
            default:
                return null;
        }
    }

    /// <summary>A property value of kind <paramref name="kind"/>, its text taken from <paramref name="text"/>.</summary>
    public static object? Value(int kind, string text) => kind switch
    {
        1 => new ThrowingToString(),
        2 => Node.Cycle(text),
        3 => SelfContainingList(text),
        4 => Huge[1],
        5 => new Dictionary<string, object?> { ["text"] = text, ["self"] = new ThrowingToString(), ["nested"] = Node.Cycle(text) },
        6 => new ThrowingProperties(),
        7 => text,
        _ => null,
    };

    private static ArrayList SelfContainingList(string text)
    {
        var list = new ArrayList { text };
        list.Add(list);
        return list;
    }

    /// <summary>An object whose ToString throws.</summary>
    public sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("ToString is broken");
    }

    /// <summary>An object whose property getters throw (Serilog's destructuring reads them).</summary>
    public sealed class ThrowingProperties
    {
        public string Name => throw new NotSupportedException("Name is broken");

        public int Count => throw new InvalidOperationException("Count is broken");

        public override string ToString() => "ThrowingProperties";
    }

    /// <summary>A graph that points back at itself.</summary>
    public sealed class Node
    {
        public string Name { get; set; } = "";

        public Node? Next { get; set; }

        public List<Node> Children { get; } = new();

        public static Node Cycle(string name)
        {
            var a = new Node { Name = name };
            var b = new Node { Name = name + "-b", Next = a };
            a.Next = b;
            a.Children.Add(a);
            a.Children.Add(b);
            return a;
        }
    }

    /// <summary>An exception whose every member a renderer might read throws.</summary>
    public sealed class ThrowingException : Exception
    {
        public ThrowingException(Exception? inner)
            : base("unreadable", inner)
        {
        }

        public override string Message => throw new InvalidOperationException("Message is broken");

        public override string? StackTrace => throw new InvalidOperationException("StackTrace is broken");

        public override string? Source
        {
            get => throw new InvalidOperationException("Source is broken");
            set => throw new InvalidOperationException("Source is broken");
        }

        public override IDictionary Data => throw new InvalidOperationException("Data is broken");

        public override string ToString() => throw new InvalidOperationException("ToString is broken");
    }
}
