using DealerFlow.Cli.Commands;

return Cli.Run(args, Console.Out, Console.Error);
