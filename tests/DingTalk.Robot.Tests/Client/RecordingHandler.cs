namespace DingTalk.Robot.Tests.Client;

/// <summary>
/// Sits between the client and the network: records every request URL (to see the signs sent) and counts requests in
/// flight, so that a test advances its fake clock only while the client waits on a timer, not while it waits for
/// the emulator (which would fire the per-attempt timeout spuriously).
/// </summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    private readonly List<Uri> _requestUris = new();
    private int _inFlight;

    public RecordingHandler(HttpMessageHandler? inner = null)
        : base(inner ?? new SocketsHttpHandler())
    {
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    public IReadOnlyList<Uri> RequestUris
    {
        get
        {
            lock (_requestUris)
            {
                return _requestUris.ToArray();
            }
        }
    }

    /// <summary>The <c>sign</c> of every request, as sent (URL-encoded).</summary>
    public IReadOnlyList<string> Signs
        => RequestUris
            .Select(uri => uri.Query.TrimStart('?').Split('&').FirstOrDefault(p => p.StartsWith("sign=", StringComparison.Ordinal)))
            .Where(p => p is not null)
            .Select(p => p!.Substring("sign=".Length))
            .ToArray();

    /// <summary>Throws this instead of sending, when set.</summary>
    public Func<HttpRequestMessage, Exception>? Throw { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_requestUris)
        {
            _requestUris.Add(request.RequestUri!);
        }

        Interlocked.Increment(ref _inFlight);
        try
        {
            if (Throw is { } create)
            {
                throw create(request);
            }

            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
