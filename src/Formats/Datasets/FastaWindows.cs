using GenomeScan.Formats.Fasta;

namespace GenomeScan.Formats.Datasets;

/// <summary>Windows of a FASTA file as an unlabelled data set: what the filters of a model are read from.</summary>
internal static class FastaWindows
{
    /// <summary>Up to <paramref name="most"/> half-overlapping windows of <paramref name="length"/> bases, records in order.</summary>
    public static LabelledDataset Read(string path, int length, int most)
    {
        var codes = new List<byte>();
        int windows = 0;
        var record = new List<byte>();
        FastaReader.ForEachChunk(path, chunk =>
        {
            record.AddRange(chunk.Span.ToArray());
            if (!chunk.EndOfRecord && record.Count < length * (most - windows + 1))
                return true;
            for (int start = 0; start + length <= record.Count && windows < most; start += length / 2, windows++)
                codes.AddRange(record.GetRange(start, length));
            record.Clear();
            return windows < most;
        });
        if (windows == 0)
            throw new InputException($"{path}: no {length}-bp window in it");
        return new LabelledDataset(length, [.. codes], new byte[windows], Enumerable.Range(0, windows).ToArray());
    }
}
