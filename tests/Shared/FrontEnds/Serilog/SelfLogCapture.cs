using System.Collections.Concurrent;
using Serilog.Debugging;

namespace DingTalk.Testing.Shared.FrontEnds;

/// <summary>
/// Captures Serilog's SelfLog until disposed. SelfLog has one output for the whole process: every capture open at a
/// time sees every line, so that a capture that starts does not silence one already open (the secret scan runs a few
/// loggers at once). Tests that count lines must therefore not run beside each other.
/// </summary>
internal sealed class SelfLogCapture : IDisposable
{
    private static readonly object Sync = new();
    private static readonly List<SelfLogCapture> Open = new();

    private readonly ConcurrentQueue<string> _lines = new();

    private SelfLogCapture()
    {
    }

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public static SelfLogCapture Start()
    {
        var capture = new SelfLogCapture();
        lock (Sync)
        {
            Open.Add(capture);
            if (Open.Count == 1)
            {
                SelfLog.Enable(Write);
            }
        }

        return capture;
    }

    public void Dispose()
    {
        lock (Sync)
        {
            if (Open.Remove(this) && Open.Count == 0)
            {
                SelfLog.Disable();
            }
        }
    }

    private static void Write(string line)
    {
        SelfLogCapture[] open;
        lock (Sync)
        {
            open = Open.ToArray();
        }

        foreach (var capture in open)
        {
            capture._lines.Enqueue(line);
        }
    }
}
