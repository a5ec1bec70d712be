namespace DealerFlow.Cli.Commands;

/// <summary>One word a <see cref="Choice{T}"/> accepts: its name (listed in help and errors), its value, a gloss for help (or none) and other spellings accepted but not listed.</summary>
internal sealed record Word<T>(string Name, T Value, string? Gloss = null, params string[] Aliases);

/// <summary>A parser with its own spellings and case rules (a Core <c>TryParse</c>), behind a <see cref="Choice{T}"/>.</summary>
internal delegate bool TryParseWord<T>(string text, out T value);

/// <summary>
/// The closed set of words a string option accepts, in one table: the option's name and each <see cref="Word{T}"/>. The
/// parse, the error ("--iv 'x' is not one of auto, vendor, mid.", a <see cref="UsageException"/>, exit code 2) and the
/// list in the option's help (<see cref="List"/>) all come from it.
/// </summary>
internal sealed class Choice<T>
{
    private readonly Word<T>[] _words;
    private readonly TryParseWord<T>? _parse;

    /// <summary>Words matched exactly after <see cref="string.ToLowerInvariant()"/> (not trimmed); the error quotes the lowered text.</summary>
    public Choice(string option, params Word<T>[] words)
    {
        Option = option;
        _words = words;
    }

    private Choice(string option, TryParseWord<T> parse, Word<T>[] words)
        : this(option, words) => _parse = parse;

    /// <summary>
    /// Words read by <paramref name="parse"/> (its own spellings, case and trim rules), which owns them: <paramref name="words"/>
    /// only lists them, each with the value the parser gives it; the error quotes the text as given.
    /// </summary>
    public static Choice<T> ReadBy(TryParseWord<T> parse, string option, params Word<T>[] words) => new(option, parse, words);

    /// <summary>The option's name, e.g. "--iv".</summary>
    public string Option { get; }

    /// <summary>The listed words, in order.</summary>
    public IReadOnlyList<Word<T>> Words => _words;

    /// <summary>The value of <paramref name="text"/>; a <see cref="UsageException"/> naming the listed words when it is none of them.</summary>
    public T Parse(string text)
    {
        if (_parse is not null) return _parse(text, out var parsed) ? parsed : throw NotOneOf(text);
        var word = text.ToLowerInvariant();
        var row = Array.Find(_words, w => w.Name == word || w.Aliases.Contains(word));
        return row is not null ? row.Value : throw NotOneOf(word);
    }

    /// <summary>
    /// The words for help text: "a, b" and <paramref name="last"/> before the last one (" or ", ", or ", ", "), each
    /// followed by its gloss in brackets when <paramref name="glosses"/>, e.g. "net (calls and puts netted per strike) or side (each side alone)".
    /// </summary>
    public string List(string last = " or ", bool glosses = true)
    {
        var shown = Array.ConvertAll(_words, w => glosses && w.Gloss is not null ? $"{w.Name} ({w.Gloss})" : w.Name);
        return shown.Length == 1 ? shown[0] : string.Join(", ", shown[..^1]) + last + shown[^1];
    }

    private UsageException NotOneOf(string shown) =>
        new($"{Option} '{shown}' is not one of {string.Join(", ", Array.ConvertAll(_words, w => w.Name))}.");
}
