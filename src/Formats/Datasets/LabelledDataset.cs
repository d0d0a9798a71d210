using GenomeScan.Formats.Sequences;

namespace GenomeScan.Formats.Datasets;

/// <summary>
/// Fixed-length sequences with binary labels, as base codes (A=0, C=1, G=2, T=3): row r's bases are
/// <c>Codes[r*Length .. (r+1)*Length)</c>. <see cref="RowIds"/> keeps the CSV's index column.
/// </summary>
internal sealed class LabelledDataset
{
    public LabelledDataset(int length, byte[] codes, byte[] labels, int[] rowIds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (codes.Length != labels.Length * length || rowIds.Length != labels.Length)
            throw new ArgumentException("codes, labels and row ids disagree on the number of rows");
        Length = length;
        Codes = codes;
        Labels = labels;
        RowIds = rowIds;
    }

    public int Length { get; }

    public int Count => Labels.Length;

    public byte[] Codes { get; }

    public byte[] Labels { get; }

    public int[] RowIds { get; }

    public ReadOnlySpan<byte> Row(int row) => Codes.AsSpan(row * Length, Length);

    public int Positives => Labels.Count(l => l == 1);

    /// <summary>One-hot [Count, Length, 4] in A C G T order, as the exercise's <c>np.eye(4)[codes]</c>.</summary>
    public float[] OneHot() => OneHot(Enumerable.Range(0, Count).ToArray());

    /// <summary>One-hot of the chosen rows, in the order given.</summary>
    public float[] OneHot(IReadOnlyList<int> rows)
    {
        var result = new float[rows.Count * Length * Alphabet.Size];
        int rowSize = Length * Alphabet.Size;
        for (int i = 0; i < rows.Count; i++)
            Sequences.OneHot.Write(Row(rows[i]), result.AsSpan(i * rowSize, rowSize), Length);
        return result;
    }

    /// <summary>The subset of the chosen rows, in the order given.</summary>
    public LabelledDataset Select(IReadOnlyList<int> rows)
    {
        var codes = new byte[rows.Count * Length];
        var labels = new byte[rows.Count];
        var ids = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            Row(rows[i]).CopyTo(codes.AsSpan(i * Length, Length));
            labels[i] = Labels[rows[i]];
            ids[i] = RowIds[rows[i]];
        }
        return new LabelledDataset(Length, codes, labels, ids);
    }
}
