using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Fleet;

namespace DingTalk.Robot.Digest.Relay;

/// <summary>
/// A replica's side of the fleet's one digest: when its batch is due, the loop publishes it as a delta instead of
/// sending it. While the fleet cannot be reached (its budget on the local share, or the channel unanswered), the loop
/// judges and sends its own digest as without one digest, and says so.
/// </summary>
internal sealed class FleetRelayOut<TEvent> : IFleetCoordination
{
    private readonly IFleetDigestChannel _channel;
    private readonly DigestEventReader<TEvent> _reader;
    private readonly IFleetCoordination? _coordination;

    public FleetRelayOut(IFleetDigestChannel channel, DigestEventReader<TEvent> reader, IFleetCoordination? coordination)
    {
        _channel = channel;
        _reader = reader;
        _coordination = coordination;
    }

    /// <summary>Whether the fleet's digest carries this replica's events now.</summary>
    public bool IsActive => _channel.IsAvailable && (_coordination?.IsCoordinated ?? true);

    /// <summary>
    /// For the replica's own digests' signature: a digest it sends itself while the channel does not answer is sent
    /// alone, even when the budget is the fleet's (⚠ fleet coordination unavailable).
    /// </summary>
    public bool IsCoordinated => IsActive;

    /// <summary>Publishes <paramref name="batch"/>; true when the fleet took it (the batch is then the fleet's to tell).</summary>
    public bool TryPublish(DigestBatch<TEvent> batch)
        => batch.IsEmpty || _channel.TryPublish(FleetDeltaBuilder.From(batch, _reader, _channel.Replica));
}
