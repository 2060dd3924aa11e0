namespace DingTalk.Robot.Digest.Markdown.Content;

/// <summary>
/// How a digest in fleet mode is signed: which replica sent it, and whether the fleet's budget was coordinated when
/// it was formed (the digest says so when it was not). Taken by the digest loop at forming; a retry keeps it.
/// </summary>
internal sealed class FleetSignature
{
    public FleetSignature(string replica, bool coordinated)
    {
        Replica = replica;
        Coordinated = coordinated;
    }

    /// <summary>The replica's name (validated: letters, digits, '.', '-', '_'; still escaped where it is written).</summary>
    public string Replica { get; }

    /// <summary>False while the replica kept to its local share (Redis unreachable or slow).</summary>
    public bool Coordinated { get; }
}
