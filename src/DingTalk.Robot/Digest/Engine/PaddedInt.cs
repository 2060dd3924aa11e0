using System.Runtime.InteropServices;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// An int alone on its cache line (64 bytes either side), for a counter one thread writes all the time: the fields
/// around it, written by other threads, then never move its line between cores. (Not nested in a generic class: the
/// runtime refuses an explicit layout there.)
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 136)]
internal struct PaddedInt
{
    [FieldOffset(64)]
    public int Value;
}
