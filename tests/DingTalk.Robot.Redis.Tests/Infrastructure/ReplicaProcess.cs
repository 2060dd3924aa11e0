using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DingTalk.Robot.Redis.Tests.Infrastructure;

/// <summary>
/// One replica of the fleet tests: tests/DingTalk.Fleet.Replica run as a process of its own (the Serilog sink in fleet
/// mode), its output kept for the assertions and for the report when a test fails.
/// </summary>
internal sealed class ReplicaProcess
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ReplicaProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int ExitCode { get; private set; } = -1;

    /// <summary>The events the replica logged (its last line), or −1.</summary>
    public int Logged { get; private set; } = -1;

    /// <summary>Its slowest logging call, as it measured it (ms), or −1.</summary>
    public double SlowestCallMs { get; private set; } = -1;

    /// <summary>
    /// Starts the replica: <c>DingTalk.Fleet.Replica webhook redis name seconds windowMs [expectedReplicas]</c>.
    /// </summary>
    public static ReplicaProcess Start(string name, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Assembly());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new ReplicaProcess(name, Process.Start(start)!);
    }

    /// <summary>Whether the replica has written <paramref name="text"/> (its SelfLog goes to standard error).</summary>
    public bool Said(string text) => SaidSince(0, text);

    /// <summary>How much the process has written so far: a mark for <see cref="SaidSince"/>.</summary>
    public int Written
    {
        get
        {
            lock (_output)
            {
                return _output.Length;
            }
        }
    }

    /// <summary>Whether the process wrote <paramref name="text"/> after the mark <paramref name="written"/> (<see cref="Written"/>).</summary>
    public bool SaidSince(int written, string text)
    {
        lock (_output)
        {
            return _output.ToString(written, _output.Length - written).Contains(text, StringComparison.Ordinal);
        }
    }

    /// <summary>How many of its lines contain <paramref name="text"/>.</summary>
    public int LinesSaying(string text)
    {
        lock (_output)
        {
            return _output.ToString().Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>Asks the replica to stop logging, close its logger (the final digest) and exit.</summary>
    public void Stop() => Tell("stop");

    /// <summary>
    /// The events of the deltas whose publish got no answer in time (as Redis went away): the replica sent them itself,
    /// and said they may also be in the fleet's digest.
    /// </summary>
    public long EventsPerhapsCountedTwice
    {
        get
        {
            lock (_output)
            {
                return System.Text.RegularExpressions.Regex.Matches(_output.ToString(), @"a delta of (\d+) events got no answer")
                    .Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Kills the process at once (a pod killed mid-incident): it says and delivers nothing more.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>The last progress the replica printed (how many it had logged by then), or -1.</summary>
    public int LastProgress
    {
        get
        {
            lock (_output)
            {
                var line = _output.ToString().Split('\n').LastOrDefault(l => l.StartsWith("progress=", StringComparison.Ordinal));
                return line is null ? -1 : int.Parse(line["progress=".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Makes the replica log a problem of <paramref name="phase"/>'s own from now on (a new group, worth a digest).</summary>
    public void StartPhase(string phase) => Tell("phase " + phase);

    private void Tell(string line)
    {
        try
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException)
        {
            // It has exited already: WaitAsync reports how.
        }
    }

    public async Task<ReplicaProcess> WaitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Append($"killed after {limit}");
            await _process.WaitForExitAsync();
        }

        _process.WaitForExit();
        ExitCode = _process.ExitCode;
        lock (_output)
        {
            var lines = _output.ToString().Split('\n');
            Logged = Value(lines, "logged=") is { } logged ? int.Parse(logged, CultureInfo.InvariantCulture) : -1;
            SlowestCallMs = Value(lines, "slowest_ms=") is { } slowest ? double.Parse(slowest, CultureInfo.InvariantCulture) : -1;
        }

        _process.Dispose();
        return this;
    }

    public string Describe()
    {
        lock (_output)
        {
            return $"{Name}: exit {ExitCode}, logged {Logged}, slowest call {SlowestCallMs} ms\n{_output}";
        }
    }

    // Built beside the test project (it is a ProjectReference that is not loaded there), in the same configuration.
    private static string Assembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var path = Path.Combine(output.Parent!.Parent!.Parent!.Parent!.FullName, "DingTalk.Fleet.Replica", "bin", configuration, output.Name, "DingTalk.Fleet.Replica.dll");
        Assert.True(File.Exists(path), $"the replica app is not built at {path}");
        return path;
    }

    private static string? Value(string[] lines, string prefix)
        => lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(line).Append('\n');
        }
    }
}
