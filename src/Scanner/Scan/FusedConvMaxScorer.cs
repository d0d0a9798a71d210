using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using GenomeScan.Formats.Sequences;
using GenomeScan.Model.Onnx;

namespace GenomeScan.Scanner.Scan;

/// <summary>
/// Our CPU kernel for the one-convolution models (v1, v2): window score = sigmoid(b + Σ_f w_f · max over
/// the window's positions of relu(conv_f)). With one-hot input the convolution is a sum of table lookups:
/// for each offset j and base, the row of all filters' weights, added 8 floats at a time (Vector256). The
/// minus strand convolves the forward sequence with reverse-complemented filters (same positions, same
/// sliding window), so the sequence is read once. The sliding max is van Herk / Gil-Werman (three maxima
/// per value, whatever the width). Agrees with ONNX Runtime's per-window scores to ~1e-6 (summation order).
/// </summary>
public sealed class FusedConvMaxScorer : IWindowScorer
{
    const int Lanes = 8;
    const int Codes = Alphabet.Size + 1;
    const int Pairs = Codes * Codes;
    readonly int length, kernel, width, vectors, padded, pairTaps;
    // [strand][offset j][base code 0..4][padded filters]; code 4 (unknown) is a zero row.
    readonly float[] table;
    // [strand][pair p: offsets 2p, 2p + 1][code pair 5·a + b][padded filters]: two taps in one row.
    readonly float[] pairTable;
    readonly byte[] pairCodes;
    readonly float[] running;
    readonly float[] bias;
    readonly float[] dense;
    readonly float denseBias;
    readonly float[] conv, suffix, scores;
    readonly byte[] paddedCodes;

    FusedConvMaxScorer(SharedScanGraph.ConvStep layer, float[] denseWeight, float denseBias, int windowLength, int maxSegment)
    {
        length = windowLength;
        kernel = (int)layer.Kernel;
        width = length - kernel + 1;
        int filters = (int)layer.Filters;
        // Filters in groups of four vectors (32), each group's sums held in registers across the kernel.
        padded = (filters + 4 * Lanes - 1) / (4 * Lanes) * (4 * Lanes);
        vectors = padded / Lanes;
        table = new float[2 * kernel * Codes * padded];
        for (int f = 0; f < filters; f++)
            for (int j = 0; j < kernel; j++)
                for (int b = 0; b < Alphabet.Size; b++)
                {
                    float w = layer.Weight[(f * Alphabet.Size + b) * kernel + j];
                    table[Row(0, j, b) + f] = w;
                    // Reverse complement: offset k − 1 − j reads the complement base.
                    table[Row(1, kernel - 1 - j, Alphabet.Size - 1 - b) + f] = w;
                }
        pairTaps = kernel / 2;
        pairTable = new float[2 * pairTaps * Pairs * padded];
        for (int strand = 0; strand < 2; strand++)
            for (int p = 0; p < pairTaps; p++)
                for (int a = 0; a < Codes; a++)
                    for (int b = 0; b < Codes; b++)
                        for (int f = 0; f < padded; f++)
                            pairTable[PairRow(strand, p, a * Codes + b) + f] = table[Row(strand, 2 * p, a) + f] + table[Row(strand, 2 * p + 1, b) + f];
        bias = new float[padded];
        dense = new float[padded];
        running = new float[padded];
        layer.Bias.CopyTo(bias, 0);
        denseWeight.CopyTo(dense, 0);
        this.denseBias = denseBias;
        int segment = Math.Max(maxSegment, windowLength) + 2 * ScanOptions.ContextBases;
        conv = new float[segment * padded];
        suffix = new float[segment * padded];
        scores = new float[segment + Lanes];
        pairCodes = new byte[segment];
        paddedCodes = new byte[windowLength];
    }

    int Row(int strand, int offset, int code) => ((strand * kernel + offset) * Codes + code) * padded;

    int PairRow(int strand, int pair, int codes) => ((strand * pairTaps + pair) * Pairs + codes) * padded;

    /// <summary>A scorer for a one-convolution window network, or null for any other.</summary>
    public static FusedConvMaxScorer? TryCreate(SharedScanGraph.WindowNetwork? network, int windowLength, int maxSegment) =>
        network is { Steps: [SharedScanGraph.ConvStep { Channels: 4 } conv] } && conv.Kernel <= windowLength
            ? new FusedConvMaxScorer(conv, network.DenseWeight, network.DenseBias, windowLength, maxSegment)
            : null;

    public void Score(WindowBatch batch, Strands strands)
    {
        int window = 0;
        for (int s = 0; s < batch.Segments.Count; s++)
        {
            var codes = batch.SegmentCodes(s);
            if (codes.Length > scores.Length)
                throw new InvalidOperationException($"a segment of {codes.Length} bases exceeds the kernel's {scores.Length}");
            if (codes.Length < length)
            {
                // A short record: one window, padded with unknown bases.
                codes.CopyTo(paddedCodes);
                paddedCodes.AsSpan(codes.Length).Fill(Alphabet.Unknown);
                codes = paddedCodes;
            }
            int windows = codes.Length - length + 1;
            long segmentStart = batch.Segments[s].Start;
            int first = window;
            while (window < batch.Count && batch.SegmentOf[window] == s)
                window++;
            for (int strand = 0; strand < 2; strand++)
            {
                if (!strands.HasFlag(strand == 0 ? Strands.Plus : Strands.Minus))
                    continue;
                ScoreStrand(codes, strand, windows);
                var target = strand == 0 ? batch.Plus : batch.Minus;
                for (int w = first; w < window; w++)
                    target[w] = scores[(int)(batch.Starts[w] - segmentStart)];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void ScoreStrand(ReadOnlySpan<byte> codes, int strand, int windows)
    {
        int positions = codes.Length - kernel + 1;
        // Two taps per lookup: each position's pair code (this base, the next).
        for (int t = 0; t + 1 < codes.Length; t++)
            pairCodes[t] = (byte)(codes[t] * Codes + codes[t + 1]);
        ref float pairRef = ref pairTable[PairRow(strand, 0, 0)];
        ref float lastRef = ref table[Row(strand, kernel - 1, 0)];
        bool odd = kernel % 2 == 1;
        ref float convRef = ref conv[0];
        int pairStride = Pairs * padded;
        ref float biasRef = ref bias[0];
        ref byte pairCodeRef = ref pairCodes[0];
        ref byte codeRef = ref Unsafe.AsRef(in codes[0]);
        // Two positions at a time: eight independent sums in flight (an odd last position pairs with itself).
        for (int t = 0; t < positions; t += 2)
        {
            int u = t + 1 < positions ? t + 1 : t;
            for (int g = 0; g < padded; g += 4 * Lanes)
            {
                ref float groupBias = ref Unsafe.Add(ref biasRef, g);
                var a0 = Vector256.LoadUnsafe(ref groupBias);
                var a1 = Vector256.LoadUnsafe(ref groupBias, Lanes);
                var a2 = Vector256.LoadUnsafe(ref groupBias, 2 * Lanes);
                var a3 = Vector256.LoadUnsafe(ref groupBias, 3 * Lanes);
                var b0 = a0;
                var b1 = a1;
                var b2 = a2;
                var b3 = a3;
                for (int p = 0; p < pairTaps; p++)
                {
                    ref float offset = ref Unsafe.Add(ref pairRef, p * pairStride + g);
                    ref float row = ref Unsafe.Add(ref offset, Unsafe.Add(ref pairCodeRef, t + 2 * p) * padded);
                    a0 += Vector256.LoadUnsafe(ref row);
                    a1 += Vector256.LoadUnsafe(ref row, Lanes);
                    a2 += Vector256.LoadUnsafe(ref row, 2 * Lanes);
                    a3 += Vector256.LoadUnsafe(ref row, 3 * Lanes);
                    row = ref Unsafe.Add(ref offset, Unsafe.Add(ref pairCodeRef, u + 2 * p) * padded);
                    b0 += Vector256.LoadUnsafe(ref row);
                    b1 += Vector256.LoadUnsafe(ref row, Lanes);
                    b2 += Vector256.LoadUnsafe(ref row, 2 * Lanes);
                    b3 += Vector256.LoadUnsafe(ref row, 3 * Lanes);
                }
                if (odd)
                {
                    ref float row = ref Unsafe.Add(ref lastRef, Unsafe.Add(ref codeRef, t + kernel - 1) * padded + g);
                    a0 += Vector256.LoadUnsafe(ref row);
                    a1 += Vector256.LoadUnsafe(ref row, Lanes);
                    a2 += Vector256.LoadUnsafe(ref row, 2 * Lanes);
                    a3 += Vector256.LoadUnsafe(ref row, 3 * Lanes);
                    row = ref Unsafe.Add(ref lastRef, Unsafe.Add(ref codeRef, u + kernel - 1) * padded + g);
                    b0 += Vector256.LoadUnsafe(ref row);
                    b1 += Vector256.LoadUnsafe(ref row, Lanes);
                    b2 += Vector256.LoadUnsafe(ref row, 2 * Lanes);
                    b3 += Vector256.LoadUnsafe(ref row, 3 * Lanes);
                }
                ref float target = ref Unsafe.Add(ref convRef, t * padded + g);
                Vector256.Max(a0, Vector256<float>.Zero).StoreUnsafe(ref target);
                Vector256.Max(a1, Vector256<float>.Zero).StoreUnsafe(ref target, Lanes);
                Vector256.Max(a2, Vector256<float>.Zero).StoreUnsafe(ref target, 2 * Lanes);
                Vector256.Max(a3, Vector256<float>.Zero).StoreUnsafe(ref target, 3 * Lanes);
                target = ref Unsafe.Add(ref convRef, u * padded + g);
                Vector256.Max(b0, Vector256<float>.Zero).StoreUnsafe(ref target);
                Vector256.Max(b1, Vector256<float>.Zero).StoreUnsafe(ref target, Lanes);
                Vector256.Max(b2, Vector256<float>.Zero).StoreUnsafe(ref target, 2 * Lanes);
                Vector256.Max(b3, Vector256<float>.Zero).StoreUnsafe(ref target, 3 * Lanes);
            }
        }

        // van Herk / Gil-Werman over blocks of `width` positions: maxima to each block's end (suffix), stored;
        // maxima from each block's start (prefix) kept running while the windows are read.
        ref float suffixRef = ref suffix[0];
        for (int blockStart = 0; blockStart < positions; blockStart += width)
        {
            int last = Math.Min(positions, blockStart + width) - 1;
            Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref suffixRef, last * padded)),
                ref Unsafe.As<float, byte>(ref Unsafe.Add(ref convRef, last * padded)), (uint)(padded * sizeof(float)));
            for (int t = last - 1; t >= blockStart; t--)
            {
                ref float value = ref Unsafe.Add(ref convRef, t * padded);
                ref float target = ref Unsafe.Add(ref suffixRef, t * padded);
                ref float next = ref Unsafe.Add(ref target, padded);
                for (int v = 0; v < padded; v += Lanes)
                    Vector256.Max(Vector256.LoadUnsafe(ref next, (nuint)v), Vector256.LoadUnsafe(ref value, (nuint)v)).StoreUnsafe(ref target, (nuint)v);
            }
        }
        // Window s: max(suffix[s], prefix[s + width − 1]), then the dense layer; the logits first. The prefix
        // runs along with r = s + width − 1 (restarting at each block), updated and used in one pass.
        ref float denseRef = ref dense[0];
        ref float runningRef = ref running[0];
        for (int r = 0, blockEnd = 0; r < windows + width - 1; r++)
        {
            ref float value = ref Unsafe.Add(ref convRef, r * padded);
            int s = r - width + 1;
            if (r == blockEnd)
            {
                blockEnd += width;
                Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref runningRef), ref Unsafe.As<float, byte>(ref value), (uint)(padded * sizeof(float)));
                if (s < 0)
                    continue;
            }
            else if (s < 0)
            {
                for (int v = 0; v < padded; v += Lanes)
                    Vector256.Max(Vector256.LoadUnsafe(ref runningRef, (nuint)v), Vector256.LoadUnsafe(ref value, (nuint)v)).StoreUnsafe(ref runningRef, (nuint)v);
                continue;
            }
            else
                for (int v = 0; v < padded; v += Lanes)
                    Vector256.Max(Vector256.LoadUnsafe(ref runningRef, (nuint)v), Vector256.LoadUnsafe(ref value, (nuint)v)).StoreUnsafe(ref runningRef, (nuint)v);
            ref float left = ref Unsafe.Add(ref suffixRef, s * padded);
            // Four independent sums (padded is a multiple of 32): short dependency chains.
            Vector256<float> l0 = default, l1 = default, l2 = default, l3 = default;
            for (int v = 0; v < padded; v += 4 * Lanes)
            {
                l0 = Vector256.FusedMultiplyAdd(Vector256.Max(Vector256.LoadUnsafe(ref left, (nuint)v), Vector256.LoadUnsafe(ref runningRef, (nuint)v)),
                    Vector256.LoadUnsafe(ref denseRef, (nuint)v), l0);
                l1 = Vector256.FusedMultiplyAdd(Vector256.Max(Vector256.LoadUnsafe(ref left, (nuint)(v + Lanes)), Vector256.LoadUnsafe(ref runningRef, (nuint)(v + Lanes))),
                    Vector256.LoadUnsafe(ref denseRef, (nuint)(v + Lanes)), l1);
                l2 = Vector256.FusedMultiplyAdd(Vector256.Max(Vector256.LoadUnsafe(ref left, (nuint)(v + 2 * Lanes)), Vector256.LoadUnsafe(ref runningRef, (nuint)(v + 2 * Lanes))),
                    Vector256.LoadUnsafe(ref denseRef, (nuint)(v + 2 * Lanes)), l2);
                l3 = Vector256.FusedMultiplyAdd(Vector256.Max(Vector256.LoadUnsafe(ref left, (nuint)(v + 3 * Lanes)), Vector256.LoadUnsafe(ref runningRef, (nuint)(v + 3 * Lanes))),
                    Vector256.LoadUnsafe(ref denseRef, (nuint)(v + 3 * Lanes)), l3);
            }
            scores[s] = Vector256.Sum((l0 + l1) + (l2 + l3)) + denseBias;
        }
        // The sigmoid, eight windows at a time.
        ref float scoreRef = ref scores[0];
        var one = Vector256.Create(1f);
        for (int s = 0; s < windows; s += Lanes)
        {
            var x = Vector256.LoadUnsafe(ref scoreRef, (nuint)s);
            (one / (one + Vector256.Exp(-x))).StoreUnsafe(ref scoreRef, (nuint)s);
        }
    }
}
