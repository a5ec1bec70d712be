namespace DealerFlow.Core.Exposure;

/// <summary>One value of a small enum as people and files name it: its text (label or description) and every name it is parsed from, its code first.</summary>
internal sealed record NamedValue<T>(T Value, string Text, params string[] Names)
    where T : struct, Enum
{
    /// <summary>The code written to JSON, the store and the command line.</summary>
    public string Code => Names[0];
}

/// <summary>Lookups in a table of <see cref="NamedValue{T}"/> rows: one rule for codes and parsing across the enums that use it.</summary>
internal static class NamedValues
{
    /// <summary>The row of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The table has no row for the value (an undefined enum value: labelling it as another would misstate a unit or a model).</exception>
    public static NamedValue<T> Of<T>(NamedValue<T>[] table, T value) where T : struct, Enum =>
        Array.Find(table, r => EqualityComparer<T>.Default.Equals(r.Value, value)) ?? throw new ArgumentOutOfRangeException(nameof(value), value, $"Unknown {typeof(T).Name}.");

    /// <summary>The value one of whose names is <paramref name="text"/> (trimmed, case-insensitive); false for anything else.</summary>
    public static bool TryParse<T>(NamedValue<T>[] table, string text, out T value) where T : struct, Enum
    {
        var name = text.Trim().ToLowerInvariant();
        var row = Array.Find(table, r => r.Names.Contains(name));
        value = row?.Value ?? default;
        return row is not null;
    }
}
