using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>What the engine gives its loop: the parts it shares with the application's threads, and the seams.</summary>
internal sealed class DigestLoopParts<TEvent>
{
    public EventQueue<TEvent> Queue { get; set; } = null!;

    public DigestEventReader<TEvent> Reader { get; set; } = null!;

    public EngineRequests Requests { get; set; } = null!;

    public IDigestSender Sender { get; set; } = null!;

    public TimeBoxedDigestRenderer<TEvent> Renderer { get; set; } = null!;

    public DeliveryReporter Reporter { get; set; } = null!;

    public LoopWatchdog Watchdog { get; set; } = null!;

    public StopOutcome Outcome { get; set; } = null!;

    public EngineClock Clock { get; set; } = null!;

    public CancellationToken Abort { get; set; }

    public ILoopObserver? Observer { get; set; }

    /// <summary>The alert memory's judge, or <see langword="null"/> when alerts are not remembered (every batch told in full).</summary>
    public AlertJudge<TEvent>? Judge { get; set; }

    /// <summary>Fleet mode: signs each digest with the replica and whether the fleet coordinates; <see langword="null"/> otherwise.</summary>
    public FleetSigner? Signer { get; set; }

    /// <summary>The fleet's one digest, a replica's side: due batches are published instead of sent; <see langword="null"/> otherwise.</summary>
    public Relay.FleetRelayOut<TEvent>? RelayOut { get; set; }

    /// <summary>The fleet's one digest, the sender's side (the fleet engine, whose events are <see cref="DigestEvent"/>s); <see langword="null"/> otherwise.</summary>
    public Relay.FleetRelayIn? RelayIn { get; set; }
}
