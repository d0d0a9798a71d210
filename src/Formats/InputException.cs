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

    /// <summary>
    /// A value that does not fit, named as the library knows it (<paramref name="name"/>: <c>stride</c>,
    /// <c>region</c>, …): the message reads <c>NAME VALUE PROBLEM</c> (<c>stride 101 is longer than the
    /// model's 100-bp window</c>); the command line says it with the flag that gave the value.
    /// </summary>
    public static InputException ForValue(string name, string value, string problem) =>
        new($"{name} {value}{problem}") { ValueName = name, Value = value, Problem = problem };

    /// <summary>For a value that does not fit: what it is, as the library names it; else null.</summary>
    public string? ValueName { get; private init; }

    /// <summary>For a value that does not fit: the value as given.</summary>
    public string? Value { get; private init; }

    /// <summary>For a value that does not fit: what is wrong, from just after the value (a space or a colon first).</summary>
    public string? Problem { get; private init; }

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

