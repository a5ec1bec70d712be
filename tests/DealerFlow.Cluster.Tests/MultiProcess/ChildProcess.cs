using System.Diagnostics;
using System.Text;

namespace DealerFlow.Cluster.Tests.MultiProcess;

/// <summary>
/// A <c>dotnet dealerflow.dll ...</c> child process of a test: its output kept (for the failure message), a wait for a
/// line it prints, and a kill of its whole tree on <see cref="Kill"/> or dispose, whatever the test's outcome.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(string Prefix, TaskCompletionSource<string> Seen)> _waits = [];

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Line(e.Data, "");
        _process.ErrorDataReceived += (_, e) => Line(e.Data, "[stderr] ");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet CLI-DLL ARGS</c> (<see cref="RepoPaths.CliDll"/>), output redirected.</summary>
    public static ChildProcess Start(string name, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(RepoPaths.CliDll());
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new ChildProcess(name, Process.Start(psi) ?? throw new InvalidOperationException($"dotnet did not start ({name})"));
    }

    /// <summary>The first output line that starts with <paramref name="prefix"/> (already printed or still to come); fails at the deadline or when the process exits first.</summary>
    public async Task<string> WaitForLine(string prefix, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            foreach (var line in _output.ToString().Split('\n'))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
            }
            _waits.Add((prefix, seen));
        }
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout)).ConfigureAwait(false);
        if (first == seen.Task) return await seen.Task.ConfigureAwait(false);
        throw new TimeoutException(first == exited
            ? $"{Name} exited ({_process.ExitCode}) before printing '{prefix}'."
            : $"{Name} printed no line '{prefix}' within {timeout.TotalSeconds:0} s.");
    }

    /// <summary>The exit code once the process has exited and its output is read to the end; fails at the deadline.</summary>
    public async Task<int> Exited(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        _process.WaitForExit(); // with no timeout: also waits until the redirected output has been read to its end
        return _process.ExitCode;
    }

    /// <summary>SIGKILL (on Unix) of the process and its children; waits until it is gone.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(30_000);
    }

    /// <summary>Everything the process printed so far, stderr lines marked.</summary>
    public string Output()
    {
        lock (_output) return _output.ToString();
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }

    private void Line(string? line, string mark)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Append(mark).Append(line).Append('\n');
            foreach (var w in _waits.Where(w => line.StartsWith(w.Prefix, StringComparison.Ordinal)).ToList())
            {
                w.Seen.TrySetResult(line);
                _waits.Remove(w);
            }
        }
    }
}
