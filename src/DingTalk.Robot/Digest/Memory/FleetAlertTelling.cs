namespace DingTalk.Robot.Digest.Memory;

/// <summary>What an accepted digest told of one fingerprint, for the fleet's log (<see cref="IFleetAlertLog.Told"/>).</summary>
internal readonly struct FleetAlertTelling
{
    public FleetAlertTelling(AlertVerdict verdict) => Verdict = verdict;

    /// <summary>The verdict the digest carried.</summary>
    public AlertVerdict Verdict { get; }

    /// <summary>It told the group had gone quiet (otherwise: told it in full).</summary>
    public bool IsQuiet => Verdict.State == AlertState.Quiet;

    /// <summary>It began a stretch (new, or back after a quiet): the fleet's "since" moves to it.</summary>
    public bool StartsEpisode => Verdict.State is AlertState.New or AlertState.Back;
}
