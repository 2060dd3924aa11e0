namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// The fleet's shared notification log (Redis, in fleet mode): what every replica has seen and told, per fingerprint,
/// so that "🆕 new" means new for the fleet, a group told by one replica is ongoing for the others, a repeat or a
/// quiet is told once, and "ongoing since T" survives a rolling deploy. Only the digest loop calls it, at a judgement
/// and after an accepted digest; a logging call never does.
/// </summary>
/// <remarks>Fails open: when the store cannot answer in time, the replica judges from its own memory, as without a fleet.</remarks>
internal interface IFleetAlertLog
{
    /// <summary>
    /// Records that this replica has just seen <paramref name="seen"/> (with when each stretch began, for people, and
    /// how many events it folded since its last exchange) and reads what the fleet knew of them, and of
    /// <paramref name="asked"/>, before this call (the fleet's count and replicas: after it).
    /// </summary>
    /// <returns>The records found, by fingerprint; <see langword="null"/> when the store did not answer.</returns>
    IReadOnlyDictionary<AlertFingerprint, FleetAlertRecord>? Exchange(IReadOnlyList<FleetSighting> seen, IReadOnlyList<AlertFingerprint> asked);

    /// <summary>Records what an accepted digest told (in the background: the loop does not wait).</summary>
    void Told(IReadOnlyList<FleetAlertTelling> told);
}
