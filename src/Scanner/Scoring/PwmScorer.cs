using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Scoring;

/// <summary>How the PWM scorer sums a window's columns: every variant gives the same integers.</summary>
internal enum PwmKernel
{
    /// <summary>The reference: one window at a time, a table entry per pair of columns.</summary>
    Scalar,

    /// <summary>16 positions at a time (AVX2): per column, a byte shuffle looks up both bytes of the 16-bit weight of each position's base.</summary>
    Vector256,

    /// <summary>32 positions at a time (AVX-512 BW): per pair of columns, a 16-bit permute looks up the weight of each position's pair of bases.</summary>
    Vector512,
}

/// <summary>
/// The PWM scanner: each window of the motif's width scores the sum of its bases' log-odds (in bits, on
/// the exact integer grid of <see cref="PwmScoreNull"/>); the minus strand reads the window's reverse
/// complement. An unknown base scores its column's minimum (windows with one are skipped unless
/// <c>--max-n</c> allows them; a record shorter than the motif is padded with them). Several motifs of one
/// width score the same windows, motif c into channel c.
/// <para>
/// It reads segments of contiguous sequence and scores every position of a stretch of one, motif by motif,
/// into 16-bit integers (exact: the same sums in any order, and every motif's range fits, else that motif
/// takes the reference): the vector kernels look the weights up 16 or 32 positions per instruction, from
/// tables indexed by base (Vector256: a byte shuffle, each 16-bit lane's two indices picking the weight's two
/// bytes) or by pair of bases (Vector512: a 16-bit permute of a 25-entry table, one per pair of columns).
/// When the batch asks only for windows above a level per channel (<see cref="WindowBatch.ReportAbove"/>),
/// that level becomes a grid cut-off once, and each stretch's scores are compared with it a vector at a time:
/// only the windows above it leave, with their scores; otherwise every window's score is written.
/// </para>
/// </summary>
internal sealed class PwmScorer : IWindowScorer
{
    const int Codes = Alphabet.Size + 1;
    const int Pairs = Codes * Codes;
    const int Stretch = 4096;
    // Positions a vector kernel may read past a stretch's last window: its last vector's lanes and columns.
    const int Overhang = 64;
    readonly int width, pairColumns, motifs;
    readonly PwmKernel kernel;
    // The reference: [motif][strand][pair column p][code pair 5·a + b] and, for an odd width, [motif][strand][code] of the last column.
    readonly int[] pairTable, lastTable;
    // Vector512: [motif][strand][table t][32 × 16-bit] — the pair columns, then (odd width) the last column indexed by pair code.
    readonly short[] permuteTables;
    // Vector256: [motif][strand][column][32 bytes] — codes 0–4 give the weight's low byte, 8–12 its high byte, in both 128-bit halves.
    readonly byte[] shuffleTables;
    readonly bool[] fitsShort;
    readonly int[] minScore, maxScore;
    readonly byte[] paddedCodes;
    // A stretch's positions as the kernels read them: the pair code (5·a + b) for the reference and Vector512, the shuffle index for Vector256.
    ushort[] indices = [];
    // The stretch's codes, then unknown bases.
    byte[] stretchCodes = [];
    readonly short[] plusScores = new short[Stretch + Overhang], minusScores = new short[Stretch + Overhang];
    // Full-width scores of the motifs whose range does not fit 16 bits (none in the shipped collections).
    readonly int[]? widePlus, wideMinus;
    // PwmScoreNull.Bits of every grid score any of the motifs can reach, from gridFloor up: a lookup, not a division.
    readonly float[] bits;
    readonly int gridFloor;
    // The grid cut-offs of the last report levels seen (a window is reported when a strand's grid score ≥ the cut).
    float[]? cutsFor;
    int[] cuts = [];

    public PwmScorer(IReadOnlyList<PwmScoreNull> pwms, PwmKernel kernel)
    {
        if (!IsSupported(kernel))
            throw new PlatformNotSupportedException($"the {kernel} PWM kernel needs a CPU feature this one lacks");
        this.kernel = kernel;
        width = pwms[0].Width;
        pairColumns = width / 2;
        motifs = pwms.Count;
        pairTable = new int[motifs * 2 * pairColumns * Pairs];
        lastTable = new int[motifs * 2 * Codes];
        permuteTables = kernel == PwmKernel.Vector512 ? new short[motifs * 2 * PermuteTableCount * 32] : [];
        shuffleTables = kernel == PwmKernel.Vector256 ? new byte[motifs * 2 * width * 32] : [];
        fitsShort = new bool[motifs];
        minScore = new int[motifs];
        maxScore = new int[motifs];
        for (int m = 0; m < motifs; m++)
        {
            if (pwms[m].Width != width)
                throw new ArgumentException("motifs scored together are of one width", nameof(pwms));
            Fill(pwms[m], m);
        }
        if (fitsShort.Contains(false))
            (widePlus, wideMinus) = (new int[Stretch + Overhang], new int[Stretch + Overhang]);
        paddedCodes = new byte[width];
        gridFloor = pwms.Min(p => p.MinScore);
        bits = new float[pwms.Max(p => p.MaxScore) - gridFloor + 1];
        for (int g = 0; g < bits.Length; g++)
            bits[g] = PwmScoreNull.Bits(g + gridFloor);
    }

    /// <summary>The best kernel this CPU runs.</summary>
    public static PwmKernel Best => IsSupported(PwmKernel.Vector512) ? PwmKernel.Vector512 : IsSupported(PwmKernel.Vector256) ? PwmKernel.Vector256 : PwmKernel.Scalar;

    /// <summary>Every kernel this CPU runs, the reference first.</summary>
    public static IReadOnlyList<PwmKernel> Supported => [.. Enum.GetValues<PwmKernel>().Where(IsSupported)];

    public static bool IsSupported(PwmKernel kernel) => kernel switch
    {
        PwmKernel.Vector512 => Avx512BW.IsSupported && Vector512.IsHardwareAccelerated,
        PwmKernel.Vector256 => Avx2.IsSupported,
        _ => true,
    };

    int PermuteTableCount => pairColumns + width % 2;

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
        minScore[motif] = pwm.MinScore;
        maxScore[motif] = pwm.MaxScore;
        // 16-bit sums wrap, but the total is exact when the motif's whole range fits (and so does each table entry).
        fitsShort[motif] = pwm.MinScore >= short.MinValue && pwm.MaxScore <= short.MaxValue;
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
            if (!fitsShort[motif])
                continue;
            // The permute tables are the reference's tables in 16 bits: pair columns, then the last column by the pair's first base.
            if (kernel == PwmKernel.Vector512)
                for (int t = 0; t < PermuteTableCount; t++)
                    for (int pair = 0; pair < Pairs; pair++)
                        permuteTables[(set * PermuteTableCount + t) * 32 + pair] = (short)(t < pairColumns
                            ? pairTable[(set * pairColumns + t) * Pairs + pair]
                            : lastTable[set * Codes + pair / Codes]);
            if (kernel == PwmKernel.Vector256)
                for (int j = 0; j < width; j++)
                    for (int c = 0; c < Codes; c++)
                    {
                        int weight = Weight(strand, j, c);
                        for (int half = 0; half < 32; half += 16)
                        {
                            shuffleTables[(set * width + j) * 32 + half + c] = (byte)(weight & 0xff);
                            shuffleTables[(set * width + j) * 32 + half + 8 + c] = (byte)((weight >> 8) & 0xff);
                        }
                    }
        }
    }

    public void Score(WindowBatch batch, Strands strands)
    {
        bool plus = strands.HasFlag(Strands.Plus), minus = strands.HasFlag(Strands.Minus);
        var reportAbove = batch.ReportAbove;
        if (reportAbove is not null)
        {
            batch.IsSparse = true;
            if (!ReferenceEquals(reportAbove, cutsFor))
                (cuts, cutsFor) = (Cuts(reportAbove), reportAbove);
        }
        int window = 0;
        for (int s = 0; s < batch.Segments.Count; s++)
        {
            var codes = WindowBatch.AtLeastOneWindow(batch.SegmentCodes(s), paddedCodes);
            long segmentStart = batch.Segments[s].Start;
            int first = window;
            if (window < batch.Count && batch.SegmentOf[window] == s)
                window = batch.SegmentEnd(window);
            if (window == first)
                continue;
            // Windows at consecutive positions (stride 1) are compared a vector at a time; others one by one.
            bool consecutive = batch.Starts[window - 1] - batch.Starts[first] == window - 1 - first;
            int positions = codes.Length - width + 1;
            for (int from = 0, w = first; from < positions && w < window; from += Stretch)
            {
                int count = Math.Min(Stretch, positions - from);
                // The windows starting in this stretch: counted off when consecutive, else looked for.
                int end = w;
                if (consecutive)
                    end = (int)Math.Min(window, w + Math.Max(0, from + count - (batch.Starts[w] - segmentStart)));
                else
                    while (end < window && batch.Starts[end] - segmentStart < from + count)
                        end++;
                if (end == w)
                    continue;
                Index(codes, from, count);
                for (int m = 0; m < motifs; m++)
                {
                    Sums(m, count);
                    if (reportAbove is null)
                        WriteScores(batch, m, w, end, segmentStart + from, plus, minus);
                    else if (consecutive)
                        ReportConsecutive(batch, m, w, end, (int)(batch.Starts[w] - segmentStart - from), plus, minus);
                    else
                        ReportEach(batch, m, w, end, segmentStart + from, plus, minus);
                }
                w = end;
            }
        }
    }

    /// <summary>Each channel's report level as a grid cut-off: the lowest grid score whose bits are above it (past the motif's maximum: never).</summary>
    int[] Cuts(float[] reportAbove)
    {
        var result = new int[motifs];
        for (int m = 0; m < motifs; m++)
        {
            int g = minScore[m];
            while (g <= maxScore[m] && !(bits[g - gridFloor] > reportAbove[m]))
                g++;
            result[m] = g;
        }
        return result;
    }

    /// <summary>The kernels' view of positions [from, from + count + width − 1) of the segment, and past them unknown bases.</summary>
    void Index(ReadOnlySpan<byte> codes, int from, int count)
    {
        // Whole vectors: the indices past the needed ones are computed too (from unknown bases), never read.
        int needed = (count + width - 1 + Overhang + 31) & ~31;
        if (indices.Length < needed)
            indices = new ushort[needed];
        if (stretchCodes.Length < needed + 32)
            stretchCodes = new byte[needed + 32];
        int available = Math.Min(codes.Length - from, needed + 1);
        codes.Slice(from, available).CopyTo(stretchCodes);
        stretchCodes.AsSpan(available).Fill(Alphabet.Unknown);
        bool shuffle = kernel == PwmKernel.Vector256;
        int t = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var unknown = Vector256.Create((byte)Alphabet.Size);
            ref byte codeRef = ref MemoryMarshal.GetArrayDataReference(stretchCodes);
            ref ushort indexRef = ref MemoryMarshal.GetArrayDataReference(indices);
            for (; t < needed; t += 32)
            {
                var a = Vector256.Min(Vector256.LoadUnsafe(ref codeRef, (nuint)t), unknown);
                (Vector256<ushort> low, Vector256<ushort> high) pair;
                if (shuffle)
                {
                    // Each 16-bit lane: the code (the weight's low byte in the table), and the code + 8 (its high byte).
                    var (lo, hi) = Vector256.Widen(a);
                    var eight = Vector256.Create((ushort)8);
                    pair = (lo | ((lo + eight) << 8), hi | ((hi + eight) << 8));
                }
                else
                {
                    var b = Vector256.Min(Vector256.LoadUnsafe(ref codeRef, (nuint)(t + 1)), unknown);
                    pair = Vector256.Widen((a << 2) + a + b);
                }
                pair.low.StoreUnsafe(ref indexRef, (nuint)t);
                pair.high.StoreUnsafe(ref indexRef, (nuint)(t + 16));
            }
        }
        for (; t < needed; t++)
        {
            int a = Math.Min((int)stretchCodes[t], Alphabet.Size), b = Math.Min((int)stretchCodes[t + 1], Alphabet.Size);
            indices[t] = shuffle ? (ushort)(a | (a + 8) << 8) : (ushort)(a * Codes + b);
        }
    }

    /// <summary>Motif <paramref name="motif"/>'s grid scores of the stretch's first <paramref name="count"/> positions, both strands, into the score buffers.</summary>
    void Sums(int motif, int count)
    {
        if (kernel == PwmKernel.Vector512 && fitsShort[motif])
            Sums512(motif, count);
        else if (kernel == PwmKernel.Vector256 && fitsShort[motif])
            Sums256(motif, count);
        else
            SumsScalar(motif, count);
    }

    void SumsScalar(int motif, int count)
    {
        bool shuffle = kernel == PwmKernel.Vector256;
        for (int t = 0; t < count; t++)
        {
            int forward = 0, reverse = 0;
            ref int forwardTable = ref pairTable[2 * motif * pairColumns * Pairs];
            ref int reverseTable = ref Unsafe.Add(ref forwardTable, pairColumns * Pairs);
            for (int p = 0; p < pairColumns; p++)
            {
                int index = p * Pairs + PairCode(t + 2 * p, shuffle);
                forward += Unsafe.Add(ref forwardTable, index);
                reverse += Unsafe.Add(ref reverseTable, index);
            }
            if (width % 2 == 1)
            {
                int code = PairCode(t + width - 1, shuffle) / Codes;
                forward += lastTable[2 * motif * Codes + code];
                reverse += lastTable[(2 * motif + 1) * Codes + code];
            }
            if (fitsShort[motif])
                (plusScores[t], minusScores[t]) = ((short)forward, (short)reverse);
            else
                (widePlus![t], wideMinus![t]) = (forward, reverse);
        }
    }

    /// <summary>The pair code at stretch position t, whichever index the kernel keeps.</summary>
    int PairCode(int t, bool shuffle)
    {
        if (!shuffle)
            return indices[t];
        return (indices[t] & 0xff) * Codes + (indices[t + 1] & 0xff);
    }

    void Sums512(int motif, int count)
    {
        ref short tables = ref permuteTables[2 * motif * PermuteTableCount * 32];
        ref short reverseTables = ref Unsafe.Add(ref tables, PermuteTableCount * 32);
        ref short index = ref Unsafe.As<ushort, short>(ref MemoryMarshal.GetArrayDataReference(indices));
        int columns = PermuteTableCount;
        for (int t = 0; t < count; t += 32)
        {
            var forward = Vector512<short>.Zero;
            var reverse = Vector512<short>.Zero;
            for (int p = 0; p < columns; p++)
            {
                // Pair column p reads the pair at t + 2p; the odd width's last column the pair at t + width − 1.
                int offset = p < pairColumns ? 2 * p : width - 1;
                var pairs = Vector512.LoadUnsafe(ref index, (nuint)(t + offset));
                forward += Avx512BW.PermuteVar32x16(Vector512.LoadUnsafe(ref tables, (nuint)(p * 32)), pairs);
                reverse += Avx512BW.PermuteVar32x16(Vector512.LoadUnsafe(ref reverseTables, (nuint)(p * 32)), pairs);
            }
            forward.StoreUnsafe(ref plusScores[0], (nuint)t);
            reverse.StoreUnsafe(ref minusScores[0], (nuint)t);
        }
    }

    void Sums256(int motif, int count)
    {
        ref byte tables = ref shuffleTables[2 * motif * width * 32];
        ref byte reverseTables = ref Unsafe.Add(ref tables, width * 32);
        ref byte index = ref Unsafe.As<ushort, byte>(ref MemoryMarshal.GetArrayDataReference(indices));
        for (int t = 0; t < count; t += 16)
        {
            var forward = Vector256<short>.Zero;
            var reverse = Vector256<short>.Zero;
            for (int j = 0; j < width; j++)
            {
                var codes = Vector256.LoadUnsafe(ref index, (nuint)(2 * (t + j)));
                forward += Avx2.Shuffle(Vector256.LoadUnsafe(ref tables, (nuint)(j * 32)), codes).AsInt16();
                reverse += Avx2.Shuffle(Vector256.LoadUnsafe(ref reverseTables, (nuint)(j * 32)), codes).AsInt16();
            }
            forward.StoreUnsafe(ref plusScores[0], (nuint)t);
            reverse.StoreUnsafe(ref minusScores[0], (nuint)t);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    int Grid(int motif, int strand, int t) => fitsShort[motif] ? (strand == 0 ? plusScores[t] : minusScores[t]) : (strand == 0 ? widePlus! : wideMinus!)[t];

    /// <summary>Every window of the stretch (windows [w, end), stretch at record offset <paramref name="stretchStart"/>): its score in bits.</summary>
    void WriteScores(WindowBatch batch, int motif, int w, int end, long stretchStart, bool plus, bool minus)
    {
        int channel = motif * batch.Capacity;
        for (int i = w; i < end; i++)
        {
            int t = (int)(batch.Starts[i] - stretchStart);
            if (plus)
                batch.Plus[channel + i] = bits[Grid(motif, 0, t) - gridFloor];
            if (minus)
                batch.Minus[channel + i] = bits[Grid(motif, 1, t) - gridFloor];
        }
    }

    /// <summary>Windows [w, end) at consecutive positions from stretch position <paramref name="offset"/>: those at or above the cut, a vector at a time.</summary>
    void ReportConsecutive(WindowBatch batch, int motif, int w, int end, int offset, bool plus, bool minus)
    {
        int cut = cuts[motif];
        if (cut > maxScore[motif])
            return;
        int n = end - w, i = 0;
        if (fitsShort[motif] && cut > short.MinValue && Vector256.IsHardwareAccelerated)
        {
            var below = Vector256.Create((short)(cut - 1));
            var low = Vector256.Create(short.MinValue);
            ref short plusRef = ref plusScores[offset];
            ref short minusRef = ref minusScores[offset];
            for (; i + 16 <= n; i += 16)
            {
                var best = Vector256.Max(plus ? Vector256.LoadUnsafe(ref plusRef, (nuint)i) : low, minus ? Vector256.LoadUnsafe(ref minusRef, (nuint)i) : low);
                if (Vector256.GreaterThanAny(best, below))
                    for (int k = i; k < i + 16; k++)
                        Report(batch, motif, w + k, offset + k, cut, plus, minus);
            }
        }
        for (; i < n; i++)
            Report(batch, motif, w + i, offset + i, cut, plus, minus);
    }

    /// <summary>Windows [w, end) anywhere in the stretch (stride over 1, or a record's end-aligned window), one by one.</summary>
    void ReportEach(WindowBatch batch, int motif, int w, int end, long stretchStart, bool plus, bool minus)
    {
        int cut = cuts[motif];
        if (cut > maxScore[motif])
            return;
        for (int i = w; i < end; i++)
            Report(batch, motif, i, (int)(batch.Starts[i] - stretchStart), cut, plus, minus);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void Report(WindowBatch batch, int motif, int window, int t, int cut, bool plus, bool minus)
    {
        int forward = Grid(motif, 0, t), reverse = Grid(motif, 1, t);
        if ((plus && forward >= cut) || (minus && reverse >= cut))
            batch.Reported[motif].Add(new ReportedWindow(window, bits[forward - gridFloor], bits[reverse - gridFloor]));
    }
}
