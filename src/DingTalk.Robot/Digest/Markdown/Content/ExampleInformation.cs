namespace DingTalk.Robot.Digest.Markdown.Content;

/// <summary>
/// Whether an example adds anything to its group's heading: a message other than the template, or properties to show.
/// An example that would be a bare timestamp is not shown, and a one-event group whose example adds nothing gets a
/// line instead of a section (<see cref="DigestContent"/>).
/// </summary>
internal static class ExampleInformation
{
    // Longer templates are not searched for holes: their properties are shown, at worst repeating the message.
    private const int MaxTemplateScan = 4096;

    /// <param name="e">The example.</param>
    /// <param name="template">Its group's template.</param>
    /// <param name="messageChars">How much of the message would be shown.</param>
    /// <param name="showsProperties">Whether properties would be shown.</param>
    public static bool IsInformative(ShownExample e, string template, int messageChars, bool showsProperties)
    {
        if (!string.Equals(e.Message, template, StringComparison.Ordinal) && !IsBlank(e.Message, messageChars))
        {
            return true;
        }

        if (!showsProperties)
        {
            return false;
        }

        if (e.EventId != 0 || !string.IsNullOrEmpty(e.EventName) || e.Scopes is { Count: > 0 })
        {
            return true;
        }

        var properties = e.Properties;
        if (properties is null)
        {
            return false;
        }

        for (var i = 0; i < properties.Count; i++)
        {
            var key = properties[i].Key;
            if (!string.IsNullOrEmpty(key) && !IsTemplateHole(template, key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the template has a hole for the property — <c>{Key}</c>, <c>{Key:format}</c>, <c>{Key,alignment}</c>,
    /// <c>{@Key}</c> or <c>{$Key}</c> — so the rendered message already shows it.
    /// </summary>
    public static bool IsTemplateHole(string template, string key)
    {
        if (template.Length > MaxTemplateScan)
        {
            return false;
        }

        var from = 0;
        while (from < template.Length)
        {
            var at = template.IndexOf(key, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            var end = at + key.Length;
            var opens = at >= 1 && (template[at - 1] == '{' || (at >= 2 && template[at - 2] == '{' && (template[at - 1] == '@' || template[at - 1] == '$')));
            var closes = end < template.Length && (template[end] == '}' || template[end] == ':' || template[end] == ',');
            if (opens && closes)
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    // Only the part that would be shown counts: a message of a megabyte of spaces and then text shows nothing.
    private static bool IsBlank(string s, int limit)
    {
        var end = Math.Min(s.Length, limit);
        for (var i = 0; i < end; i++)
        {
            if (!char.IsWhiteSpace(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}
