namespace DealerFlow.Cli.Commands;

/// <summary>The <c>--format</c> (<c>-f</c>) option every command has: "table" by default, and one check of the value against the outputs a command offers.</summary>
internal static class FormatOption
{
    /// <summary>The option, described with <paramref name="formats"/> ("Output: table, json or csv.").</summary>
    public static Option<string> Create(params string[] formats) =>
        new("--format", "-f") { Description = $"Output: {Of(formats).List(glosses: false)}.", DefaultValueFactory = _ => "table" };

    /// <summary>The value given, lower case; a <see cref="UsageException"/> naming the choices when it is not one of <paramref name="formats"/>.</summary>
    public static string Get(ParseResult r, Option<string> option, params string[] formats) => Of(formats).Parse(r.GetValue(option)!);

    private static Choice<string> Of(string[] formats) => new("--format", Array.ConvertAll(formats, f => new Word<string>(f, f)));
}
