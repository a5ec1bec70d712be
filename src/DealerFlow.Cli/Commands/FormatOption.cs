namespace DealerFlow.Cli.Commands;

/// <summary>The <c>--format</c> (<c>-f</c>) option every command has: "table" by default, and one check of the value against the outputs a command offers.</summary>
internal static class FormatOption
{
    /// <summary>The option, described with <paramref name="formats"/> ("Output: table, json or csv.").</summary>
    public static Option<string> Create(params string[] formats) =>
        new("--format", "-f") { Description = $"Output: {string.Join(", ", formats[..^1])} or {formats[^1]}.", DefaultValueFactory = _ => "table" };

    /// <summary>The value given, lower case; a <see cref="UsageException"/> naming the choices when it is not one of <paramref name="formats"/>.</summary>
    public static string Get(ParseResult r, Option<string> option, params string[] formats)
    {
        var f = r.GetValue(option)!.ToLowerInvariant();
        return formats.Contains(f) ? f : throw new UsageException($"--format '{f}' is not one of {string.Join(", ", formats)}.");
    }
}
