namespace DingTalk.Robot.Internal;

/// <summary>
/// A permit to post, as an <see cref="IRobotBudget"/> granted it: for the fleet's budget, its member in Redis (so that
/// the post's end can move it); for the in-process one, nothing.
/// </summary>
internal readonly struct RobotPermit
{
    public RobotPermit(string? id) => Id = id;

    /// <summary>The budget's own name for this permit, or <see langword="null"/>.</summary>
    public string? Id { get; }
}
