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
    readonly int length, kernel, width, vectors, padded;
    // [strand][offset j][base code 0..4][padded filters]; code 4 (unknown) is a zero row.
    readonly float[] table;
    readonly float[] bias;
    readonly float[] dense;
    readonly float denseBias;
    readonly float[] conv, prefix, suffix, scores;
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
        bias = new float[padded];
        dense = new float[padded];
        layer.Bias.CopyTo(bias, 0);
        denseWeight.CopyTo(dense, 0);
        this.denseBias = denseBias;
        int segment = Math.Max(maxSegment, windowLength) + 2 * ScanOptions.ContextBases;
        conv = new float[segment * padded];
        prefix = new float[segment * padded];
        suffix = new float[segment * padded];
        scores = new float[segment];
        paddedCodes = new byte[windowLength];
    }

    int Row(int strand, int offset, int code) => ((strand * kernel + offset) * Codes + code) * padded;

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
        ref float tableRef = ref table[Row(strand, 0, 0)];
        ref float convRef = ref conv[0];
        int rowStride = Codes * padded;
        ref float biasRef = ref bias[0];
        ref byte codeRef = ref Unsafe.AsRef(in codes[0]);
        for (int t = 0; t < positions; t++)
        {
            ref float output = ref Unsafe.Add(ref convRef, t * padded);
            for (int g = 0; g < padded; g += 4 * Lanes)
            {
                ref float groupBias = ref Unsafe.Add(ref biasRef, g);
                var a0 = Vector256.LoadUnsafe(ref groupBias);
                var a1 = Vector256.LoadUnsafe(ref groupBias, Lanes);
                var a2 = Vector256.LoadUnsafe(ref groupBias, 2 * Lanes);
                var a3 = Vector256.LoadUnsafe(ref groupBias, 3 * Lanes);
                for (int j = 0; j < kernel; j++)
                {
                    ref float row = ref Unsafe.Add(ref tableRef, j * rowStride + Unsafe.Add(ref codeRef, t + j) * padded + g);
                    a0 += Vector256.LoadUnsafe(ref row);
                    a1 += Vector256.LoadUnsafe(ref row, Lanes);
                    a2 += Vector256.LoadUnsafe(ref row, 2 * Lanes);
                    a3 += Vector256.LoadUnsafe(ref row, 3 * Lanes);
                }
                ref float target = ref Unsafe.Add(ref output, g);
                Vector256.Max(a0, Vector256<float>.Zero).StoreUnsafe(ref target);
                Vector256.Max(a1, Vector256<float>.Zero).StoreUnsafe(ref target, Lanes);
                Vector256.Max(a2, Vector256<float>.Zero).StoreUnsafe(ref target, 2 * Lanes);
                Vector256.Max(a3, Vector256<float>.Zero).StoreUnsafe(ref target, 3 * Lanes);
            }
        }
        // van Herk / Gil-Werman: maxima from each block's start (prefix) and to its end (suffix).
        ref float prefixRef = ref prefix[0];
        ref float suffixRef = ref suffix[0];
        for (int t = 0; t < positions; t++)
        {
            ref float value = ref Unsafe.Add(ref convRef, t * padded);
            ref float target = ref Unsafe.Add(ref prefixRef, t * padded);
            if (t % width == 0)
                for (int v = 0; v < padded; v += Lanes)
                    Vector256.LoadUnsafe(ref value, (nuint)v).StoreUnsafe(ref target, (nuint)v);
            else
            {
                ref float previous = ref Unsafe.Subtract(ref target, padded);
                for (int v = 0; v < padded; v += Lanes)
                    Vector256.Max(Vector256.LoadUnsafe(ref previous, (nuint)v), Vector256.LoadUnsafe(ref value, (nuint)v)).StoreUnsafe(ref target, (nuint)v);
            }
        }
        for (int t = positions - 1; t >= 0; t--)
        {
            ref float value = ref Unsafe.Add(ref convRef, t * padded);
            ref float target = ref Unsafe.Add(ref suffixRef, t * padded);
            if (t % width == width - 1 || t == positions - 1)
                for (int v = 0; v < padded; v += Lanes)
                    Vector256.LoadUnsafe(ref value, (nuint)v).StoreUnsafe(ref target, (nuint)v);
            else
            {
                ref float next = ref Unsafe.Add(ref target, padded);
                for (int v = 0; v < padded; v += Lanes)
                    Vector256.Max(Vector256.LoadUnsafe(ref next, (nuint)v), Vector256.LoadUnsafe(ref value, (nuint)v)).StoreUnsafe(ref target, (nuint)v);
            }
        }
        ref float denseRef = ref dense[0];
        for (int s = 0; s < windows; s++)
        {
            ref float left = ref Unsafe.Add(ref suffixRef, s * padded);
            ref float right = ref Unsafe.Add(ref prefixRef, (s + width - 1) * padded);
            var logit = Vector256<float>.Zero;
            for (int v = 0; v < padded; v += Lanes)
            {
                var max = Vector256.Max(Vector256.LoadUnsafe(ref left, (nuint)v), Vector256.LoadUnsafe(ref right, (nuint)v));
                logit += max * Vector256.LoadUnsafe(ref denseRef, (nuint)v);
            }
            scores[s] = 1f / (1f + MathF.Exp(-(Vector256.Sum(logit) + denseBias)));
        }
    }
}
