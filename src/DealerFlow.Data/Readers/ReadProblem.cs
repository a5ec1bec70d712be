namespace DealerFlow.Data.Readers;

/// <summary>
/// One thing wrong with one row of an input file.
/// </summary>
/// <param name="Line">1-based line in the file (CSV), or 1-based record number in the contract list (JSON).</param>
/// <param name="Field">The column or JSON property concerned.</param>
/// <param name="Reason">What is wrong and what the reader did about it.</param>
/// <param name="Skipped">True when the contract was not loaded because of this problem (at most one such problem per contract).</param>
public sealed record ReadProblem(int Line, string Field, string Reason, bool Skipped)
{
    /// <summary>Where the problem is (line and field) without the reason, which may quote the file's text: what a message that leaves this machine says.</summary>
    public string Where => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {Line}, {Field}");

    /// <summary>The problem for people, for example "line 12, call IV: 'abc' is not a number; read as no value", with " (contract skipped)" when <see cref="Skipped"/>; it may quote the file's text (see <see cref="Where"/>).</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"line {Line}, {Field}: {Reason}{(Skipped ? " (contract skipped)" : "")}");
}
