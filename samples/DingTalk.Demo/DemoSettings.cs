namespace DingTalk.Demo;

/// <summary>The emulated robot's security settings: a 加签 secret and a custom keyword, like a careful real robot.</summary>
internal static class DemoSettings
{
    public const string EmulatorSecret = "SECdemo0000000000000000000000000000000000000000000000000000000000";
    public const string EmulatorKeyword = "alert";
}
