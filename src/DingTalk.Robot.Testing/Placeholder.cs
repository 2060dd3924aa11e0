// placeholder, replaced by the real code
namespace DingTalk.Robot.Testing;
internal static class Placeholder { }
