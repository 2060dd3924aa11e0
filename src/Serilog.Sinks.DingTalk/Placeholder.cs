// placeholder, replaced by the real code
namespace Serilog.Sinks.DingTalk;
internal static class Placeholder { }
