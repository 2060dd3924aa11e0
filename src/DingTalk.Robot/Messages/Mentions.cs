namespace DingTalk.Robot;

/// <summary>The <c>at</c> object of a message: who the robot @-mentions.</summary>
public sealed class Mentions
{
    /// <summary>Mobile numbers of group members to mention (overseas numbers look like <c>+1-1234567890</c>).</summary>
    public IList<string> AtMobiles { get; set; } = new List<string>();

    /// <summary>DingTalk user ids of group members to mention.</summary>
    public IList<string> AtUserIds { get; set; } = new List<string>();

    /// <summary>Mention everyone in the group.</summary>
    public bool IsAtAll { get; set; }
}
