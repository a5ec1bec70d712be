using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace DealerFlow.Cli.Commands;

/// <summary>System.CommandLine's parse errors in a trader's terms: no .NET type names, and the closest command for a misspelled one.</summary>
internal static partial class CliMessages
{
    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'\.$")]
    private static partial Regex TypeError();

    [GeneratedRegex(@"^-?[0-9.,]+\s*(k|m|mn|mm|b|bn|t|tn|%)$", RegexOptions.IgnoreCase)]
    private static partial Regex SuffixedNumber();

    public static string ParseErrors(RootCommand root, string[] args, IEnumerable<string> errors)
    {
        var commands = root.Subcommands.Select(c => c.Name).ToList();
        if (args.Length > 0 && !args[0].StartsWith('-') && !commands.Contains(args[0]))
        {
            var closest = commands.MinBy(c => Distance(c, args[0].ToLowerInvariant()))!;
            return Distance(closest, args[0].ToLowerInvariant()) <= Math.Max(2, closest.Length / 3)
                ? $"unknown command '{args[0]}'; did you mean '{closest}'? Commands: {string.Join(", ", commands)}."
                : $"unknown command '{args[0]}'. Commands: {string.Join(", ", commands)}.";
        }
        if (root.Subcommands.FirstOrDefault(c => c.Name == args[0]) is { } command && UnknownOption(command, args[1..]) is { } unknown)
            return $"'{unknown}' is not an option of {command.Name}.";
        return string.Join(" ", errors.Select(e => MissingArgument(root, e) ?? Rewrite(e)));
    }

    [GeneratedRegex(@"^Required argument missing for command: '(?<command>[^']+)'\.$")]
    private static partial Regex MissingArgumentError();

    /// <summary>"Required argument missing for command: 'flows'." as what the command needs: "flows needs FILE: One option chain file."</summary>
    private static string? MissingArgument(RootCommand root, string error)
    {
        var m = MissingArgumentError().Match(error);
        if (!m.Success || root.Subcommands.FirstOrDefault(c => c.Name == m.Groups["command"].Value) is not { } command) return null;
        var needed = command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).Select(a => $"{ArgumentUsage(a)}: {a.Description?.TrimEnd('.')}").ToList();
        return needed.Count == 0 ? null : $"{command.Name} needs {string.Join("; ", needed)}.";
    }

    /// <summary>
    /// A single-value option (or a flag) given more than once, in words; null when none is. System.CommandLine reports
    /// <c>--db a --db b</c> but takes <c>--db a --db</c> (the repeat without its value) as <c>--db a</c>, so a command line
    /// whose last word was cut off would run on the earlier value.
    /// </summary>
    public static string? Repeated(CommandResult command)
    {
        var o = command.Children.OfType<OptionResult>().FirstOrDefault(o => o.Option.Arity.MaximumNumberOfValues <= 1 && o.IdentifierTokenCount > 1);
        return o is null ? null : $"{o.Option.Name} is given {o.IdentifierTokenCount} times; give it once.";
    }

    /// <summary>
    /// The first <c>--name</c> among <paramref name="args"/> that <paramref name="command"/> does not have. System.CommandLine
    /// takes such a token as the FILE argument and then reports the token after it ("Unrecognized command or argument
    /// 'shares'" for <c>inputs --unit shares</c>), which names the wrong word.
    /// </summary>
    public static string? UnknownOption(Command command, IEnumerable<string> args)
    {
        foreach (var a in args)
        {
            if (a == "--") return null; // what follows is arguments only
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length <= 2) continue;
            var name = a.Split('=', ':')[0];
            if (name != "--help" && !command.Options.Any(o => o.Name == name || o.Aliases.Contains(name))) return name;
        }
        return null;
    }

    /// <summary>One parse error without type names: "--spot 'abc' is not a number."</summary>
    public static string Rewrite(string error)
    {
        var m = TypeError().Match(error);
        if (!m.Success) return error;
        var (value, option, type) = (m.Groups["value"].Value, m.Groups["option"].Value, m.Groups["type"].Value);
        var kind = type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) ? "a whole number"
            : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) ? "a number"
            : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
            : type.Contains("DateTime", StringComparison.Ordinal) ? "a date"
            : "a valid value";
        var hint = kind == "a number" && SuffixedNumber().IsMatch(value.Trim()) ? " (write it in full or with an exponent: 5e9 for 5 bn, 2.5e6 for 2.5 mn)" : "";
        return $"{option} '{value}' is not {kind}{hint}.";
    }

    /// <summary>The top-level help: each command with its arguments, optional ones in brackets ([FILE...] may be omitted, SYMBOL may not).</summary>
    public static string TopLevelHelp(RootCommand root)
    {
        var rows = root.Subcommands.Select(c => (Usage: string.Join(' ', new[] { c.Name }.Concat(c.Arguments.Select(ArgumentUsage))), Text: c.Description ?? "")).ToList();
        var width = rows.Max(r => r.Usage.Length) + 2;
        var sb = new System.Text.StringBuilder();
        sb.AppendLine(root.Description).AppendLine();
        sb.AppendLine("Usage: dealerflow COMMAND [ARGUMENTS] [OPTIONS]    (arguments in [brackets] are optional; ... means several)").AppendLine();
        sb.AppendLine("Commands:");
        foreach (var (usage, text) in rows) sb.AppendLine($"  {usage.PadRight(width)}{text}");
        sb.AppendLine().AppendLine("Run 'dealerflow COMMAND --help' for a command's options; --version shows the version.");
        return sb.ToString();
    }

    private static string ArgumentUsage(Argument a)
    {
        var name = (a.HelpName ?? a.Name).ToUpperInvariant() + (a.Arity.MaximumNumberOfValues > 1 ? "..." : "");
        return a.Arity.MinimumNumberOfValues == 0 ? $"[{name}]" : name;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
