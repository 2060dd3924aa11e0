namespace DingTalk.Robot.Digest.Engine;

/// <summary>What <see cref="DropTally.Take"/> hands its counts to (a struct, so taking them allocates nothing).</summary>
internal interface IDropTallyReceiver
{
    /// <summary><paramref name="count"/> refused events of <paramref name="template"/> at <paramref name="level"/>.</summary>
    void Attributed(string template, DigestLevel level, long count);

    /// <summary><paramref name="count"/> refused events at <paramref name="level"/> that no template slot could hold.</summary>
    void Unattributed(DigestLevel level, long count);
}
