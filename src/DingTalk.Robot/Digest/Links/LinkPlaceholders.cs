namespace DingTalk.Robot.Digest.Links;

/// <summary>The placeholders of a link template that every group fills without a property.</summary>
internal static class LinkPlaceholders
{
    /// <summary>The latest example's W3C trace id.</summary>
    public const string TraceId = "TraceId";

    /// <summary>The latest example's W3C span id.</summary>
    public const string SpanId = "SpanId";

    /// <summary>The group's alert fingerprint (16 hex digits).</summary>
    public const string Fingerprint = "Fingerprint";

    /// <summary>A minute before the group's first event, ISO 8601 in UTC (<c>2024-05-01T01:59:00.000Z</c>).</summary>
    public const string From = "From";

    /// <summary>A minute after the group's last event, ISO 8601 in UTC.</summary>
    public const string To = "To";

    /// <summary><see cref="From"/> in Unix milliseconds (Grafana's <c>from=</c>).</summary>
    public const string FromUnixMs = "FromUnixMs";

    /// <summary><see cref="To"/> in Unix milliseconds (Grafana's <c>to=</c>).</summary>
    public const string ToUnixMs = "ToUnixMs";
}
