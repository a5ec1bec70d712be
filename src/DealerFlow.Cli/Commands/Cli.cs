namespace DealerFlow.Cli.Commands;

/// <summary>The <c>dealerflow</c> command tree. Exit codes: 0 ok, 2 bad usage, 3 bad input, 1 an unexpected error (a bug).</summary>
internal static class Cli
{
    public const int Ok = 0;
    public const int BadUsage = 2;
    public const int BadInput = 3;
    public const int InternalError = 1;

    /// <summary>The subcommands, in the order the help lists them.</summary>
    private static readonly Func<TextWriter, TextWriter, Command>[] Commands =
    [
        LevelsCommand.Create, ProfileCommand.Create, InputsCommand.Create, IngestCommand.Create, HistoryCommand.Create, ScorecardCommand.Create,
        FlowsCommand.Create, BandsCommand.Create, ScenarioCommand.Create, SimulateCommand.Create, BenchCommand.Create, ServeCommand.Create, SiloCommand.Create, (o, e) => AuthCommand.Create(o, e),
    ];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("DealerFlow: dealer gamma exposure (GEX), key levels and hedging flows from option chains.");
        foreach (var create in Commands) root.Subcommands.Add(create(stdout, stderr));

        if (args is [] or ["-h" or "--help" or "-?" or "help"])
        {
            stdout.Write(CliMessages.TopLevelHelp(root));
            return args.Length == 0 ? BadUsage : Ok;
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"dealerflow: {CliMessages.ParseErrors(root, args, parse.Errors.Select(e => e.Message))} Run 'dealerflow --help' for usage.");
            return BadUsage;
        }
        if (CliMessages.Repeated(parse.CommandResult) is { } repeated)
        {
            stderr.WriteLine($"dealerflow: {repeated} Run 'dealerflow --help' for usage.");
            return BadUsage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"dealerflow: {e.Message}");
            return BadUsage;
        }
        catch (InputException e)
        {
            stderr.WriteLine($"dealerflow: {e.Message}");
            return BadInput;
        }
        catch (Data.Readers.ChainReadException e)
        {
            stderr.WriteLine($"dealerflow: {e.Message}");
            return BadInput;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"dealerflow: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Last line of defence: one paragraph, never a stack trace.
            stderr.WriteLine($"dealerflow: unexpected error ({e.GetType().Name}): {e.Message} Please report it with the command line that caused it.");
            return InternalError;
        }
    }
}

/// <summary>An option value that cannot be used; reported in one paragraph, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Input data that cannot be used; reported in one paragraph, exit code 3.</summary>
internal sealed class InputException(string message) : Exception(message);
