namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// How much of a group the digest shows. The formatter tries <see cref="Levels"/> in order and keeps the first that
/// fits the group's share of the byte budget: fewer examples first, then shorter texts. A group that fits none of
/// them is listed on one line instead (<see cref="DigestGroupRenderer.RenderLine"/>).
/// </summary>
internal sealed class GroupDetail
{
    private GroupDetail(int maxExamples, int templateChars, int messageChars, int maxProperties, int propertyValueChars, ExceptionDetail? exception, bool showMeta)
    {
        MaxExamples = maxExamples;
        TemplateChars = templateChars;
        MessageChars = messageChars;
        MaxProperties = maxProperties;
        PropertyValueChars = propertyValueChars;
        Exception = exception;
        ShowMeta = showMeta;
    }

    /// <summary>From the most to the least detailed.</summary>
    public static IReadOnlyList<GroupDetail> Levels { get; } = new[]
    {
        new GroupDetail(int.MaxValue, 160, 300, int.MaxValue, 100, new ExceptionDetail(300, 3, 200, 5, 200, 1), showMeta: true),
        new GroupDetail(2, 160, 200, 3, 60, new ExceptionDetail(200, 2, 160, 3, 120, 0), showMeta: true),
        new GroupDetail(1, 120, 120, 0, 0, new ExceptionDetail(120, 1, 120, 1, 80, 0), showMeta: true),
        new GroupDetail(1, 80, 60, 0, 0, new ExceptionDetail(60, 0, 0, 0, 0, 0), showMeta: false),
    };

    /// <summary>The most examples shown (also bounded by the digest's overall example budget).</summary>
    public int MaxExamples { get; }

    /// <summary>The most characters of the template in the group's heading.</summary>
    public int TemplateChars { get; }

    /// <summary>The most characters of an example's rendered message.</summary>
    public int MessageChars { get; }

    /// <summary>The most properties shown per example (0: none; the most detailed level shows <see cref="DigestFormatterSettings.MaxPropertiesShown"/>).</summary>
    public int MaxProperties { get; }

    /// <summary>The most characters of a property value.</summary>
    public int PropertyValueChars { get; }

    /// <summary>How much of the group's first exception is shown, or <see langword="null"/> for nothing.</summary>
    public ExceptionDetail? Exception { get; }

    /// <summary>Whether the line with first/last seen, sources and the level breakdown is shown.</summary>
    public bool ShowMeta { get; }
}
