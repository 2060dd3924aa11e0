namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// Turns a stack frame's declaring type and method into a name that survives recompilation and says where in the
/// app's own code a problem is: <c>Contoso.Orders.Repository+&lt;LoadAsync&gt;d__3</c> / <c>MoveNext</c> becomes
/// <c>Contoso.Orders.Repository.LoadAsync</c>.
/// </summary>
/// <remarks>
/// The compiler numbers its state machines, closures and lambdas (<c>d__3</c>, <c>&lt;&gt;c__DisplayClass3_0</c>,
/// <c>b__3_0</c>) by their position in the file, so adding an unrelated method would change them: only the name of
/// the method the code was written in is kept. Line numbers are never part of a frame's name for the same reason.
/// </remarks>
internal static class FrameName
{
    // The runtime, the framework, the logging stack and this library: none of them is where the app's problem is.
    // Matched at a namespace boundary, so "SystemMonitor.Probe" is still the app's own code.
    private static readonly string[] NotInApp =
    {
        "System", "Microsoft", "Mono", "Internal", "Interop", "Serilog", "DingTalk.Robot", "DingTalk.Extensions.Logging",
    };

    /// <summary>Whether a normalised name (from <see cref="Of"/> or <see cref="TypeName"/>) is the app's own code.</summary>
    public static bool IsInApp(string name)
    {
        foreach (var prefix in NotInApp)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal)
                && (name.Length == prefix.Length || name[prefix.Length] == '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The stable name of a frame, <c>Namespace.Type.Method</c>, or <see langword="null"/> when the frame cannot be
    /// named (no declaring type: a dynamic method) or is nothing but compiler plumbing.
    /// </summary>
    /// <param name="declaringTypeName">The declaring type's full name (nested types joined by <c>+</c> or <c>.</c>).</param>
    /// <param name="methodName">The method's name.</param>
    public static string? Of(string? declaringTypeName, string? methodName)
    {
        if (string.IsNullOrEmpty(declaringTypeName))
        {
            return null;
        }

        // Compiler-generated nested types (<LoadAsync>d__3, <>c, <>c__DisplayClass3_0) are dropped; the name of the
        // method they were generated for, if they carry one, stands in for MoveNext or the lambda's own name.
        var kept = new List<string>();
        string? generatedFor = null;
        foreach (var segment in SegmentsOf(TypeName(declaringTypeName!)))
        {
            if (segment.Length > 0 && segment[0] == '<')
            {
                generatedFor = EnclosingMethod(segment) ?? generatedFor;
            }
            else if (segment.Length > 0)
            {
                kept.Add(segment);
            }
        }

        var method = methodName is { Length: > 0 } && methodName[0] == '<'
            ? EnclosingMethod(methodName) ?? generatedFor
            : generatedFor ?? methodName;
        if (kept.Count == 0 || string.IsNullOrEmpty(method))
        {
            return null;
        }

        return string.Join(".", kept) + "." + method;
    }

    /// <summary>
    /// A type's full name without what varies between builds and versions: nested types joined by <c>.</c>, no
    /// generic arity (<c>`1</c>) and no generic arguments (which name assemblies with their versions).
    /// </summary>
    public static string TypeName(string fullName)
    {
        var end = IndexOutsideAngles(fullName, '[');
        var name = end < 0 ? fullName : fullName.Substring(0, end);
        var builder = new System.Text.StringBuilder(name.Length);
        var depth = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            depth += c == '<' ? 1 : c == '>' ? -1 : 0;
            if (c == '`' && depth == 0)
            {
                // Skip the arity's digits.
                while (i + 1 < name.Length && char.IsDigit(name[i + 1]))
                {
                    i++;
                }

                continue;
            }

            builder.Append(c == '+' && depth == 0 ? '.' : c);
        }

        return builder.ToString();
    }

    // "<LoadAsync>d__3" → "LoadAsync"; "<<LoadAsync>b__3_0>d" → "LoadAsync"; "<>c" → null (a closure of no one method).
    private static string? EnclosingMethod(string generated)
    {
        var name = generated;
        while (name.Length > 0 && name[0] == '<')
        {
            var close = MatchingClose(name);
            if (close < 0)
            {
                return null;
            }

            name = name.Substring(1, close - 1);
        }

        return name.Length == 0 ? null : name;
    }

    private static int MatchingClose(string name)
    {
        var depth = 0;
        for (var i = 0; i < name.Length; i++)
        {
            depth += name[i] == '<' ? 1 : name[i] == '>' ? -1 : 0;
            if (depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    // Split at the dots between namespaces and types, not at those inside a generated name
    // ("<System.Collections.IEnumerable.GetEnumerator>d__1", an explicit interface implementation's iterator).
    private static IEnumerable<string> SegmentsOf(string typeName)
    {
        var start = 0;
        int dot;
        while ((dot = IndexOutsideAngles(typeName, '.', start)) >= 0)
        {
            yield return typeName.Substring(start, dot - start);
            start = dot + 1;
        }

        yield return typeName.Substring(start);
    }

    private static int IndexOutsideAngles(string name, char c, int start = 0)
    {
        var depth = 0;
        for (var i = start; i < name.Length; i++)
        {
            depth += name[i] == '<' ? 1 : name[i] == '>' ? -1 : 0;
            if (name[i] == c && depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
