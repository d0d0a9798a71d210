using System.Text;
using GenomeScan.Formats.Fasta;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Formats.Datasets;

/// <summary>How many sequences were cut or filled to the data set's length.</summary>
/// <param name="Length">The length every sequence now has.</param>
/// <param name="Cropped">Longer sequences, centred and cropped.</param>
/// <param name="Padded">Shorter sequences, centred and padded with unknown bases (all-zero one-hot).</param>
internal sealed record SequenceFitting(int Length, int Cropped, int Padded)
{
    public override string ToString() =>
        $"{Length}-bp sequences ({Cropped:N0} longer ones centred and cropped, {Padded:N0} shorter ones centred and padded with N)";
}

/// <summary>
/// Labelled sequences for <c>train</c> and <c>evaluate</c>, read by content: the exercise's CSV (a header
/// row <c>,0,1,…,label</c>), DeepBind's <c>.seq</c> (gzip or plain, tab-separated <c>FoldID EventID seq
/// Bound</c>), or FASTA of one class (positives or negatives). DeepBind and FASTA sequences of any length
/// are fitted to one length: the one asked for (a model's window), else the longest in the file — longer
/// ones centred and cropped, shorter ones centred and padded with unknown bases, counted in
/// <see cref="SequenceFitting"/>. The exercise's CSV is one length already and is kept as it is.
/// Every bad line is an <see cref="InputException"/> naming the file and line.
/// </summary>
internal static class LabelledSequences
{
    const string DeepBindHeader = "FoldID\tEventID\tseq\tBound";

    /// <summary>What a labelled file holds, by its first bytes.</summary>
    public enum Layout { ExerciseCsv, DeepBindSeq, Fasta }

    public static Layout Detect(string path)
    {
        using var reader = OpenText(path);
        var first = reader.ReadLine() ?? throw InputException.At(path, 1, 0, "empty file: no labelled sequences");
        if (first.StartsWith('>'))
            return Layout.Fasta;
        if (first.TrimEnd('\r') == DeepBindHeader || first.Split('\t').Length == 4)
            return Layout.DeepBindSeq;
        if (first.StartsWith(','))
            return Layout.ExerciseCsv;
        throw InputException.At(path, 1, 0, "not a labelled data set: expected the exercise's CSV header (,0,1,…,label), DeepBind's 'FoldID\tEventID\tseq\tBound', or FASTA");
    }

    /// <summary>
    /// A labelled file (exercise CSV or DeepBind <c>.seq</c>) fitted to <paramref name="length"/> (null: the
    /// longest sequence's). FASTA carries labels only in its headers, with <c>fastaLabels</c> (<c>--labels</c>,
    /// <see cref="ReadLabelledFasta"/>); otherwise read it as one class with <see cref="ReadFasta"/>.
    /// </summary>
    public static (LabelledDataset Data, SequenceFitting Fitting, Layout Layout) Read(string path, int? length = null, bool fastaLabels = false)
    {
        switch (Detect(path))
        {
            case Layout.ExerciseCsv:
                // The exercise's sequences are one length by construction: kept as they are (a model of another length refuses them).
                var csv = DatasetCsv.Read(path);
                return (csv, new SequenceFitting(csv.Length, 0, 0), Layout.ExerciseCsv);
            case Layout.DeepBindSeq:
                var (data, fitting) = ReadDeepBind(path, length);
                return (data, fitting, Layout.DeepBindSeq);
            default:
                if (!fastaLabels)
                    throw InputException.At(path, 1, 0, "FASTA carries no labels: give it as positives or negatives, or with --labels in its headers");
                var (labelled, labelledFitting) = ReadLabelledFasta(path, length);
                return (labelled, labelledFitting, Layout.Fasta);
        }
    }

    /// <summary>FASTA files of positives and of negatives (either may be null), fitted to one length.</summary>
    public static (LabelledDataset Data, SequenceFitting Fitting) ReadFasta(string? positives, string? negatives, int? length = null)
    {
        var rows = new List<byte[]>();
        var labels = new List<byte>();
        foreach (var (path, label) in new[] { (positives, (byte)1), (negatives, (byte)0) })
        {
            if (path is null)
                continue;
            int before = rows.Count;
            foreach (var (_, codes) in FastaReader.ReadRecords(path).Where(r => r.Codes.Length > 0))
            {
                rows.Add(codes);
                labels.Add(label);
            }
            if (rows.Count == before)
                throw InputException.At(path, 0, 0, "no sequence in it");
        }
        if (rows.Count == 0)
            throw new InputException("no FASTA given: name the positives, the negatives or both");
        return Fit(positives ?? negatives!, rows, [.. labels], [.. Enumerable.Range(0, rows.Count)], length);
    }

    /// <summary>
    /// One FASTA of both classes, each header ending in its label: the last word after the name (<c>&gt;peak17 1</c>,
    /// <c>&gt;chr1:100-201 bound=0</c>), or, for a header of a name only, what follows its last '|' (<c>&gt;peak17|1</c>);
    /// 1 or 0, or label=, bound=, class= before it.
    /// </summary>
    public static (LabelledDataset Data, SequenceFitting Fitting) ReadLabelledFasta(string path, int? length = null)
    {
        var rows = new List<byte[]>();
        var labels = new List<byte>();
        foreach (var (r, codes) in FastaReader.ReadWholeRecords(path))
        {
            var field = r.Description.Length > 0 ? r.Description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[^1]
                : r.Name.Contains('|') ? r.Name[(r.Name.LastIndexOf('|') + 1)..] : "";
            var value = field.Contains('=') ? field[(field.IndexOf('=') + 1)..] : field;
            if (value is not ("0" or "1"))
                throw InputException.At(path, r.HeaderLine, 0, $"record {r.Name}: no label (0 or 1) at the end of its header: '{field}'");
            if (codes.Length > 0)
            {
                rows.Add(codes);
                labels.Add((byte)(value[0] - '0'));
            }
        }
        if (rows.Count == 0)
            throw InputException.At(path, 0, 0, "no sequence in it");
        return Fit(path, rows, [.. labels], [.. Enumerable.Range(0, rows.Count)], length);
    }

    /// <summary>Every sequence of a DeepBind <c>.seq</c> or FASTA file as it is (no fitting): its name (EventID, or the FASTA name) and codes.</summary>
    public static List<(string Name, byte[] Codes)> ReadRecords(string path)
    {
        var layout = Detect(path);
        if (layout == Layout.DeepBindSeq)
        {
            var names = new List<string>();
            var (rows, _) = ReadDeepBindRows(path, names);
            return [.. names.Zip(rows)];
        }
        if (layout != Layout.Fasta)
            throw InputException.At(path, 1, 0, "not FASTA or DeepBind's .seq");
        return FastaReader.ReadRecords(path);
    }

    static (LabelledDataset, SequenceFitting) ReadDeepBind(string path, int? length)
    {
        var (rows, labels) = ReadDeepBindRows(path, null);
        return Fit(path, rows, [.. labels], [.. Enumerable.Range(0, rows.Count)], length);
    }

    static (List<byte[]> Rows, List<byte> Labels) ReadDeepBindRows(string path, List<string>? names)
    {
        var rows = new List<byte[]>();
        var labels = new List<byte>();
        using var reader = OpenText(path);
        long lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            line = line.TrimEnd('\r');
            if (line.Length == 0 || (lineNumber == 1 && line == DeepBindHeader))
                continue;
            var fields = line.Split('\t');
            if (fields.Length != 4)
                throw InputException.At(path, lineNumber, 0, $"expected 4 tab-separated fields (FoldID EventID seq Bound), found {fields.Length}");
            var sequence = fields[2];
            if (sequence.Length == 0)
                throw InputException.At(path, lineNumber, 3, "empty sequence");
            var codes = new byte[sequence.Length];
            for (int i = 0; i < sequence.Length; i++)
            {
                byte code = sequence[i] < 128 ? Alphabet.Decode((byte)sequence[i]) : Alphabet.NotSequence;
                if (code > Alphabet.Unknown)
                    throw InputException.At(path, lineNumber, 3, $"'{sequence[i]}' is not a base");
                codes[i] = code;
            }
            if (fields[3] is not ("0" or "1"))
                throw InputException.At(path, lineNumber, 4, $"Bound '{fields[3]}' is not 0 or 1");
            rows.Add(codes);
            labels.Add((byte)(fields[3][0] - '0'));
            names?.Add(fields[1]);
        }
        if (rows.Count == 0)
            throw InputException.At(path, 0, 0, "no sequences after the header");
        return (rows, labels);
    }

    /// <summary>Every row centred on <paramref name="length"/> bases (null: the longest row's): cropped or padded with unknown.</summary>
    internal static (LabelledDataset, SequenceFitting) Fit(string source, IReadOnlyList<byte[]> rows, byte[] labels, int[] ids, int? length)
    {
        int target = length is > 0 ? length.Value : rows.Max(r => r.Length);
        if (target <= 0)
            throw InputException.At(source, 0, 0, "no bases in any sequence");
        var codes = new byte[rows.Count * target];
        Array.Fill(codes, Alphabet.Unknown);
        int cropped = 0, padded = 0;
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var destination = codes.AsSpan(r * target, target);
            if (row.Length > target)
            {
                cropped++;
                row.AsSpan((row.Length - target) / 2, target).CopyTo(destination);
            }
            else
            {
                padded += row.Length < target ? 1 : 0;
                row.CopyTo(destination[((target - row.Length) / 2)..]);
            }
        }
        return (new LabelledDataset(target, codes, labels, ids), new SequenceFitting(target, cropped, padded));
    }

    static StreamReader OpenText(string path)
    {
        var (stream, _) = InputStreams.Open(path);
        return new StreamReader(stream, Encoding.UTF8);
    }
}
