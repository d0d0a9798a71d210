namespace GenomeScan.Formats;

/// <summary>
/// Bad user input: a file that cannot be parsed or an option that does not fit. The message is one
/// line that names the file and, where known, the line and column, e.g. <c>data.csv:12:3: ...</c>.
/// </summary>
public class InputException : Exception
{
    /// <summary>Bad input, said in one line.</summary>
    public InputException(string message) : base(message) { }

    /// <summary>Bad input, said in one line, found through <paramref name="inner"/>.</summary>
    public InputException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Builds <c>file:line:column: message</c>, leaving out the parts that are not known (0).</summary>
    public static InputException At(string file, long line, int column, string message)
    {
        var where = file;
        if (line > 0)
            where += $":{line}";
        if (column > 0)
            where += $":{column}";
        return new InputException($"{where}: {message}");
    }
}
