namespace DingTalk.Robot.Digest.Routing;

/// <summary>
/// An event's properties as a route reads them, on the logging call: a struct over the front end's own event (a
/// Serilog <c>LogEvent</c>, MEL's state), so asking costs a lookup and no allocation. Asked only when a route has
/// <see cref="DingTalkRoutedRobotOptions.Properties"/>.
/// </summary>
internal interface IRouteProperties
{
    /// <summary>Whether the event has a property <paramref name="name"/> whose value reads as <paramref name="value"/> (see <see cref="RouteValue"/>).</summary>
    bool Has(string name, string value);
}

/// <summary>For a front end (or a call) with no properties to route by.</summary>
internal readonly struct NoRouteProperties : IRouteProperties
{
    public bool Has(string name, string value) => false;
}
