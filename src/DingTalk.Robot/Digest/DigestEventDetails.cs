namespace DingTalk.Robot.Digest;

/// <summary>
/// The costly parts of a <see cref="DigestEvent"/> (its rendered message and properties), rendered only if a digest
/// shows the event as an example. A digest groups a flood of events by template and shows a few of each group, so
/// rendering the others would be work (and garbage) on the digest loop that nobody reads.
/// </summary>
/// <remarks>
/// The engine calls these on its background loop, at most once per event, when the digest is formatted: well after
/// the logging call. Capture only what cannot change by then (a Serilog <c>LogEvent</c> is immutable). An exception
/// thrown here costs only the part being rendered: the digest shows the template, or leaves the properties out.
/// </remarks>
public abstract class DigestEventDetails
{
    /// <summary>Renders the message with its arguments filled in.</summary>
    /// <returns>The rendered message.</returns>
    public abstract string RenderMessage();

    /// <summary>Renders the properties to text, for <c>IncludeProperties</c>.</summary>
    /// <returns>The properties to show, or <see langword="null"/> for none.</returns>
    public virtual IReadOnlyList<KeyValuePair<string, string>>? RenderProperties() => null;
}
