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
/// padded with them). Several motifs of one width score the same windows, motif c into channel c, one
/// motif at a time over the batch so that its tables stay in cache.
/// </summary>
internal sealed class PwmScorer : IWindowScorer
{
    const int Codes = Alphabet.Size + 1;
    const int Pairs = Codes * Codes;
    readonly int width, pairColumns, motifs;
    // [motif][strand][pair column p][code pair 5·a + b] and, for an odd width, [motif][strand][code] of the last column.
    readonly int[] pairTable, lastTable;
    readonly byte[] paddedCodes;
    byte[] pairCodes = new byte[1 << 13];
    // PwmScoreNull.Bits of every grid score any of the motifs can reach, from gridFloor up: a lookup, not a division.
    readonly float[] bits;
    readonly int gridFloor;

    public PwmScorer(IReadOnlyList<PwmScoreNull> pwms)
    {
        width = pwms[0].Width;
        pairColumns = width / 2;
        motifs = pwms.Count;
        pairTable = new int[motifs * 2 * pairColumns * Pairs];
        lastTable = new int[motifs * 2 * Codes];
        for (int m = 0; m < motifs; m++)
        {
            if (pwms[m].Width != width)
                throw new ArgumentException("motifs scored together are of one width", nameof(pwms));
            Fill(pwms[m], m);
        }
        paddedCodes = new byte[width];
        gridFloor = pwms.Min(p => p.MinScore);
        bits = new float[pwms.Max(p => p.MaxScore) - gridFloor + 1];
        for (int g = 0; g < bits.Length; g++)
            bits[g] = PwmScoreNull.Bits(g + gridFloor);
    }

    void Fill(PwmScoreNull pwm, int motif)
    {
        // Column j's weight of each code on each strand: the minus strand's column j reads the complement of column width − 1 − j.
        int Weight(int strand, int j, int code)
        {
            int column = strand == 0 ? j : width - 1 - j;
            if (code >= Alphabet.Size)
                return Enumerable.Range(0, Alphabet.Size).Min(b => pwm.Weights[column, b]);
            return pwm.Weights[column, strand == 0 ? code : Alphabet.Size - 1 - code];
        }
        for (int strand = 0; strand < 2; strand++)
        {
            int set = motif * 2 + strand;
            for (int p = 0; p < pairColumns; p++)
                for (int a = 0; a < Codes; a++)
                    for (int b = 0; b < Codes; b++)
                        pairTable[(set * pairColumns + p) * Pairs + a * Codes + b] = Weight(strand, 2 * p, a) + Weight(strand, 2 * p + 1, b);
            if (width % 2 == 1)
                for (int c = 0; c < Codes; c++)
                    lastTable[set * Codes + c] = Weight(strand, width - 1, c);
        }
    }

    public void Score(WindowBatch batch, Strands strands)
    {
        bool plus = strands.HasFlag(Strands.Plus), minus = strands.HasFlag(Strands.Minus);
        int window = 0;
        for (int s = 0; s < batch.Segments.Count; s++)
        {
            var codes = WindowBatch.AtLeastOneWindow(batch.SegmentCodes(s), paddedCodes);
            // Each position's pair of codes (5·a + b, unknown = 4), once for every motif.
            if (pairCodes.Length < codes.Length)
                pairCodes = new byte[Math.Max(codes.Length, 2 * pairCodes.Length)];
            for (int t = 0; t + 1 < codes.Length; t++)
                pairCodes[t] = (byte)(Math.Min((int)codes[t], Alphabet.Size) * Codes + Math.Min((int)codes[t + 1], Alphabet.Size));
            if (codes.Length > 0)
                pairCodes[codes.Length - 1] = (byte)(Math.Min((int)codes[^1], Alphabet.Size) * Codes);
            long segmentStart = batch.Segments[s].Start;
            int first = window;
            while (window < batch.Count && batch.SegmentOf[window] == s)
                window++;
            for (int m = 0; m < motifs; m++)
            {
                int channel = m * batch.Capacity;
                for (int w = first; w < window; w++)
                {
                    var (forward, reverse) = Sums((int)(batch.Starts[w] - segmentStart), m);
                    if (plus)
                        batch.Plus[channel + w] = bits[forward - gridFloor];
                    if (minus)
                        batch.Minus[channel + w] = bits[reverse - gridFloor];
                }
            }
        }
    }

    /// <summary>
    /// The grid scores of the window at <paramref name="offset"/> for one motif, both strands: one table entry
    /// per pair of columns and strand (the pair's codes read once for both), and for an odd width the last
    /// column, read as the first code of the last position's pair.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    (int Forward, int Reverse) Sums(int offset, int motif)
    {
        ref int forwardTable = ref pairTable[2 * motif * pairColumns * Pairs];
        ref int reverseTable = ref Unsafe.Add(ref forwardTable, pairColumns * Pairs);
        ref byte pairRef = ref pairCodes[offset];
        int forward = 0, reverse = 0;
        for (int p = 0; p < pairColumns; p++)
        {
            int index = p * Pairs + Unsafe.Add(ref pairRef, 2 * p);
            forward += Unsafe.Add(ref forwardTable, index);
            reverse += Unsafe.Add(ref reverseTable, index);
        }
        if (width % 2 == 1)
        {
            int code = Unsafe.Add(ref pairRef, width - 1) / Codes;
            forward += lastTable[2 * motif * Codes + code];
            reverse += lastTable[(2 * motif + 1) * Codes + code];
        }
        return (forward, reverse);
    }
}
