using System.Text;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Formats.Datasets;

/// <summary>
/// The exercise's CSV layout (pandas' <c>to_csv</c> of a frame with an integer index): a header row
/// <c>,0,1,…,L-1,label</c>; then per row the index, L base codes 0..3 (A C G T) and the label (0/1).
/// </summary>
internal static class DatasetCsv
{
    public static void Write(string path, LabelledDataset data)
    {
        AtomicFile.Write(path, temp =>
        {
            using var writer = new StreamWriter(temp, false, new UTF8Encoding(false)) { NewLine = "\n" };
            var header = new StringBuilder();
            for (int p = 0; p < data.Length; p++)
                header.Append(',').Append(p);
            header.Append(",label");
            writer.WriteLine(header.ToString());
            var line = new StringBuilder();
            for (int r = 0; r < data.Count; r++)
            {
                line.Clear().Append(data.RowIds[r]);
                foreach (var code in data.Row(r))
                    line.Append(',').Append((char)('0' + code));
                line.Append(',').Append((char)('0' + data.Labels[r]));
                writer.WriteLine(line.ToString());
            }
        });
    }

    public static LabelledDataset Read(string path)
    {
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            return Read(reader, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read data set: {e.Message}", e);
        }
    }

    /// <summary>Reads the layout; every malformed field is reported as <c>file:line:column</c>.</summary>
    public static LabelledDataset Read(TextReader reader, string source)
    {
        var header = reader.ReadLine();
        if (header is null)
            throw InputException.At(source, 1, 0, "empty file: expected a header row ',0,1,…,label'");
        var names = header.TrimEnd('\r').Split(',');
        if (names.Length < 3 || names[^1].Trim() != "label")
            throw InputException.At(source, 1, names.Length, "the header's last column must be 'label'");
        int length = names.Length - 2;

        var codes = new List<byte>(1 << 20);
        var labels = new List<byte>();
        var ids = new List<int>();
        long lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var row = line.AsSpan().TrimEnd('\r');
            if (row.IsEmpty)
                continue;
            int column = 0;
            int fields = row.Count(',') + 1;
            if (fields != names.Length)
                throw InputException.At(source, lineNumber, 0, $"expected {names.Length} columns (index, {length} bases, label), found {fields}");
            foreach (var range in row.Split(','))
            {
                column++;
                var field = row[range].Trim();
                if (column == 1)
                {
                    if (!int.TryParse(field, out var id))
                        throw InputException.At(source, lineNumber, column, $"index '{field}' is not an integer");
                    ids.Add(id);
                }
                else if (column <= length + 1)
                {
                    if (field.Length != 1 || field[0] < '0' || field[0] > '3')
                        throw InputException.At(source, lineNumber, column, $"base code '{field}' is not one of 0..3 (A C G T)");
                    codes.Add((byte)(field[0] - '0'));
                }
                else
                {
                    if (field.Length != 1 || (field[0] != '0' && field[0] != '1'))
                        throw InputException.At(source, lineNumber, column, $"label '{field}' is not 0 or 1");
                    labels.Add((byte)(field[0] - '0'));
                }
            }
        }
        if (labels.Count == 0)
            throw InputException.At(source, 0, 0, "no data rows after the header");
        return new LabelledDataset(length, codes.ToArray(), labels.ToArray(), ids.ToArray());
    }

    /// <summary>One row as letters, for messages and tests.</summary>
    public static string Letters(ReadOnlySpan<byte> codes)
    {
        var chars = new char[codes.Length];
        for (int i = 0; i < codes.Length; i++)
            chars[i] = Alphabet.Letter(codes[i]);
        return new string(chars);
    }
}
