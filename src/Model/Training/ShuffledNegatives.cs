using GenomeScan.Formats.Datasets;
using GenomeScan.Formats.Sequences;
using GenomeScan.Scanner.Significance;

namespace GenomeScan.Model.Training;

/// <summary>
/// Negatives for a set of positives only (DeepBind's AC files, a FASTA of peaks): one dinucleotide shuffle
/// of each positive (Altschul–Erickson: every adjacent pair's count kept exactly). Runs of known bases are
/// shuffled apart, so unknown bases (padding, N) stay where they are.
/// </summary>
internal static class ShuffledNegatives
{
    /// <summary>The data with one shuffled copy of each row appended, labelled 0; row ids continue after the last.</summary>
    public static LabelledDataset AddTo(LabelledDataset positives, ulong seed)
    {
        int n = positives.Count, length = positives.Length;
        var codes = new byte[2 * n * length];
        positives.Codes.CopyTo(codes, 0);
        for (int r = 0; r < n; r++)
            Shuffle(positives.Row(r), codes.AsSpan((n + r) * length, length), seed * 0x9E3779B97F4A7C15UL + (ulong)r);
        var labels = new byte[2 * n];
        positives.Labels.CopyTo(labels, 0);
        int next = positives.RowIds.Length == 0 ? 0 : positives.RowIds.Max() + 1;
        var ids = positives.RowIds.Concat(Enumerable.Range(next, n)).ToArray();
        return new LabelledDataset(length, codes, labels, ids);
    }

    /// <summary>A dinucleotide shuffle of every run of known bases of <paramref name="row"/>; unknown bases kept in place.</summary>
    public static void Shuffle(ReadOnlySpan<byte> row, Span<byte> shuffled, ulong seed)
    {
        row.CopyTo(shuffled);
        for (int start = 0, run = 0; start < row.Length; start += Math.Max(run, 1))
        {
            run = 0;
            while (start + run < row.Length && row[start + run] < Alphabet.Size)
                run++;
            if (run > 0)
                DinucleotideShuffle.Shuffle(row.Slice(start, run), seed + (ulong)start).CopyTo(shuffled[start..]);
        }
    }
}
