// placeholder, replaced by the real code
namespace DingTalk.Extensions.Logging;
internal static class Placeholder { }
