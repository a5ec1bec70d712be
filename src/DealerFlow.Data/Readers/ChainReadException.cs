namespace DealerFlow.Data.Readers;

/// <summary>
/// The file could not be read as an option chain at all: missing, unreadable, not a chain, or every row
/// bad. The message is one readable paragraph naming the file and what is wrong.
/// </summary>
public sealed class ChainReadException : Exception
{
    /// <summary>An exception with the runtime's default message (for serializers and the exception pattern; readers always give a message).</summary>
    public ChainReadException()
    {
    }

    /// <summary>An exception whose <paramref name="message"/> names the file and what is wrong with it.</summary>
    public ChainReadException(string message)
        : base(message)
    {
    }

    /// <summary>An exception whose <paramref name="message"/> names the file and what is wrong, caused by <paramref name="innerException"/> (for example the I/O error).</summary>
    public ChainReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
