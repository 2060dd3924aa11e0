// placeholder, replaced by the real code
namespace DingTalk.Robot;
internal static class Placeholder { }
