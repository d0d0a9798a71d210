using System.Runtime.CompilerServices;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Scoring;

/// <summary>
/// The PWM scanner: each window of the motif's width scores the sum of its bases' log-odds (in bits, on
/// the exact integer grid of <see cref="PwmScoreNull"/>); the minus strand reads the window's reverse
/// complement. It reads segments of contiguous sequence, as our CNN kernels do, and looks up two bases
/// per access: a table per pair of columns indexed by the pair of base codes (25 entries: A, C, G, T,
/// unknown), one for each strand, so a 12-column motif costs six additions per strand and window, in
/// integers (exact: the same sums whatever the order). An unknown base scores its column's minimum
/// (windows with one are skipped unless <c>--max-n</c> allows them; a record shorter than the motif is
/// padded with them).
/// </summary>
internal sealed class PwmScorer : IWindowScorer
{
    const int Codes = Alphabet.Size + 1;
    const int Pairs = Codes * Codes;
    readonly int width, pairColumns;
    // [strand][pair column p][code pair 5·a + b] and, for an odd width, [strand][code] of the last column.
    readonly int[] pairTable, lastTable;
    readonly byte[] paddedCodes;

    public PwmScorer(PwmScoreNull pwm)
    {
        width = pwm.Width;
        pairColumns = width / 2;
        // Column j's weight of each code on each strand: the minus strand's column j reads the complement of column width − 1 − j.
        int Weight(int strand, int j, int code)
        {
            int column = strand == 0 ? j : width - 1 - j;
            if (code >= Alphabet.Size)
                return Enumerable.Range(0, Alphabet.Size).Min(b => pwm.Weights[column, b]);
            return pwm.Weights[column, strand == 0 ? code : Alphabet.Size - 1 - code];
        }
        pairTable = new int[2 * pairColumns * Pairs];
        lastTable = new int[2 * Codes];
        for (int strand = 0; strand < 2; strand++)
        {
            for (int p = 0; p < pairColumns; p++)
                for (int a = 0; a < Codes; a++)
                    for (int b = 0; b < Codes; b++)
                        pairTable[(strand * pairColumns + p) * Pairs + a * Codes + b] = Weight(strand, 2 * p, a) + Weight(strand, 2 * p + 1, b);
            if (width % 2 == 1)
                for (int c = 0; c < Codes; c++)
                    lastTable[strand * Codes + c] = Weight(strand, width - 1, c);
        }
        paddedCodes = new byte[width];
    }

    public void Score(WindowBatch batch, Strands strands)
    {
        int window = 0;
        bool plus = strands.HasFlag(Strands.Plus), minus = strands.HasFlag(Strands.Minus);
        for (int s = 0; s < batch.Segments.Count; s++)
        {
            var codes = WindowBatch.AtLeastOneWindow(batch.SegmentCodes(s), paddedCodes);
            long segmentStart = batch.Segments[s].Start;
            for (; window < batch.Count && batch.SegmentOf[window] == s; window++)
            {
                var bases = codes.Slice((int)(batch.Starts[window] - segmentStart), width);
                if (plus)
                    batch.Plus[window] = PwmScoreNull.Bits(Sum(bases, 0));
                if (minus)
                    batch.Minus[window] = PwmScoreNull.Bits(Sum(bases, 1));
            }
        }
    }

    /// <summary>The window's grid score on a strand: one table entry per pair of columns (and the last column of an odd width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    int Sum(ReadOnlySpan<byte> bases, int strand)
    {
        ref int table = ref pairTable[strand * pairColumns * Pairs];
        ref byte baseRef = ref Unsafe.AsRef(in bases[0]);
        int sum = 0;
        for (int p = 0; p < pairColumns; p++)
        {
            int pair = Math.Min((int)Unsafe.Add(ref baseRef, 2 * p), Alphabet.Size) * Codes + Math.Min((int)Unsafe.Add(ref baseRef, 2 * p + 1), Alphabet.Size);
            sum += Unsafe.Add(ref table, p * Pairs + pair);
        }
        if (width % 2 == 1)
            sum += lastTable[strand * Codes + Math.Min((int)Unsafe.Add(ref baseRef, width - 1), Alphabet.Size)];
        return sum;
    }
}
