using System.Diagnostics;

namespace DealerFlow.Cli.Bench;

/// <summary>
/// A <c>dealerflow</c> child process of <c>bench --cluster</c> (a silo or the front end): this executable again, its
/// output written to a log file, ready when it prints its start line. Killing it is SIGKILL (<see cref="Process.Kill()"/>).
/// </summary>
internal sealed class ClusterBenchProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyLine;
    private string? _cliError;

    private ClusterBenchProcess(string name, Process process, StreamWriter log, string readyLine)
    {
        Name = name;
        _process = process;
        _log = log;
        _readyLine = readyLine;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public string LogFile { get; private init; } = "";

    public bool Exited => _process.HasExited;

    /// <summary>Starts <c>dealerflow ARGS</c>; <paramref name="readyLine"/> is the start of the line that says it is up.</summary>
    public static ClusterBenchProcess Start(string name, IReadOnlyList<string> args, string readyLine, string logFile)
    {
        var (file, prefix) = Executable();
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in prefix.Concat(args)) info.ArgumentList.Add(a);
        // The child's console logs stay plain text (no colour codes in the log file).
        info.Environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        var child = new ClusterBenchProcess(name, process, log, readyLine) { LogFile = logFile };
        process.OutputDataReceived += (_, e) => child.Line(e.Data);
        process.ErrorDataReceived += (_, e) => child.Line(e.Data);
        process.Exited += (_, _) => child._ready.TrySetException(new ClusterBenchException($"{name} exited with code {SafeExitCode(process)} before it was ready: {child.Why()} (log {logFile})"));
        if (!process.Start()) throw new ClusterBenchException($"{name}: {file} did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Completes when the ready line was printed; fails when the process exits first or <paramref name="timeout"/> passes.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        try
        {
            await _ready.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ClusterBenchException($"{Name} was not ready within {timeout.TotalSeconds:0} s (log {LogFile}): {Why()}");
        }
    }

    /// <summary>CPU time of the process so far (all threads); null once it has exited.</summary>
    public TimeSpan? Cpu()
    {
        try
        {
            _process.Refresh();
            return _process.HasExited ? null : _process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL: the process gets no chance to leave the cluster.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Asks the process to stop (SIGTERM: a silo leaves the cluster, a front end closes its streams) and waits; SIGKILL when it does not stop in time.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return;
        using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            if (term is not null) await term.WaitForExitAsync().ConfigureAwait(false);
        }
        using var wait = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The command's own error line ("dealerflow: ...") when it printed one, else its last lines.</summary>
    private string Why()
    {
        lock (_gate) return _cliError ?? string.Join(" | ", _tail);
    }

    /// <summary>Why a process that exited during the run stopped: its exit code and its error or last lines.</summary>
    public string ExitDescription() => $"exited with code {SafeExitCode(_process)}: {Why()} (log {LogFile})";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
        lock (_gate) _log.Dispose();
    }

    private void Line(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _log.WriteLine(line);
            if (line.StartsWith("dealerflow: ", StringComparison.Ordinal)) _cliError = line;
            _tail.Enqueue(line);
            while (_tail.Count > 8) _tail.Dequeue();
        }
        if (line.StartsWith(_readyLine, StringComparison.Ordinal)) _ready.TrySetResult();
    }

    private static string SafeExitCode(Process p)
    {
        try
        {
            return p.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }

    /// <summary>This <c>dealerflow</c>: the native launcher next to the assembly, else <c>dotnet dealerflow.dll</c> (as under a test host).</summary>
    private static (string File, string[] Prefix) Executable()
    {
        var dll = typeof(ClusterBenchProcess).Assembly.Location;
        var dir = Path.GetDirectoryName(dll)!;
        var launcher = Path.Combine(dir, OperatingSystem.IsWindows() ? "dealerflow.exe" : "dealerflow");
        if (File.Exists(launcher)) return (launcher, []);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return (dotnet, [dll]);
    }
}

/// <summary>The run could not go on (a child did not start, the cluster did not take the market); the message says which part and why.</summary>
internal sealed class ClusterBenchException(string message) : Exception(message);
