namespace DealerFlow.Data.Readers;

/// <summary>
/// The file could not be read as an option chain at all: missing, unreadable, not a chain, or every row
/// bad. The message is one readable paragraph naming the file and what is wrong.
/// </summary>
public sealed class ChainReadException : Exception
{
    public ChainReadException()
    {
    }

    public ChainReadException(string message)
        : base(message)
    {
    }

    public ChainReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
