namespace DingTalk.Robot.Digest.Engine;

/// <summary>What the digest loop is doing, for the watchdog: the activities that run code other than ours.</summary>
internal enum LoopActivity
{
    /// <summary>Waiting, sending, or deciding: nothing that can hang.</summary>
    Idle = 0,

    /// <summary>Reading events into the batch (the front end's reader).</summary>
    Folding = 1,

    /// <summary>Waiting for a digest to be rendered (events' messages, properties and exceptions).</summary>
    Rendering = 2,

    /// <summary>Calling the diagnostics handler (SelfLog, the app's logger).</summary>
    Reporting = 3,
}
