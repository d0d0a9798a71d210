using GenomeScan.Formats.Sequences;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Model.Interpretation;

/// <summary>
/// In-silico mutagenesis of one window on one strand: the model's score of the window, and for every
/// position and every other base the change in score when that base is substituted (0 for the reference).
/// </summary>
internal sealed record MutagenesisMap(long Start, char Strand, byte[] Reference, float Score, float[,] Delta)
{
    /// <summary>Scores <paramref name="codes"/> (the window as read on the + strand) and its 3·L single-base mutants.</summary>
    public static MutagenesisMap Compute(OnnxWindowClassifier model, ReadOnlySpan<byte> codes, long start, char strand)
    {
        int length = model.WindowLength;
        // The window as the model reads it: the reverse complement on the minus strand.
        var reference = new byte[length];
        for (int p = 0; p < length; p++)
            reference[p] = strand == '+' ? codes[p] : Alphabet.Complement(codes[length - 1 - p]);
        int rows = 1 + 3 * length;
        var oneHot = new float[rows * length * Alphabet.Size];
        int row = 0;
        Encode(oneHot, row++, reference, -1, 0);
        for (int p = 0; p < length; p++)
            for (byte b = 0; b < Alphabet.Size; b++)
                if (b != reference[p])
                    Encode(oneHot, row++, reference, p, b);
        var scores = model.Predict(oneHot, rows);
        var delta = new float[length, Alphabet.Size];
        row = 1;
        for (int p = 0; p < length; p++)
            for (byte b = 0; b < Alphabet.Size; b++)
                if (b != reference[p])
                    delta[p, b] = scores[row++] - scores[0];
        return new MutagenesisMap(start, strand, reference, scores[0], delta);
    }

    static void Encode(float[] oneHot, int row, byte[] window, int mutated, byte mutant)
    {
        int length = window.Length;
        var target = oneHot.AsSpan(row * length * Alphabet.Size, length * Alphabet.Size);
        OneHot.Write(window, target, length);
        if (mutated >= 0)
        {
            target.Slice(mutated * Alphabet.Size, Alphabet.Size).Clear();
            target[mutated * Alphabet.Size + mutant] = 1;
        }
    }
}
