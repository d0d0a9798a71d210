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
    readonly int length, kernel, width, padded;
    readonly OneHotConvolution first;
    readonly float[] dense;
    readonly float denseBias;
    readonly float[] conv, suffix, running, scores;
    readonly byte[] paddedCodes;

    FusedConvMaxScorer(SharedScanGraph.ConvStep layer, float[] denseWeight, float denseBias, int windowLength, int maxSegment)
    {
        length = windowLength;
        kernel = (int)layer.Kernel;
        width = length - kernel + 1;
        int segment = Math.Max(maxSegment, windowLength) + 2 * ScanOptions.ContextBases;
        first = new OneHotConvolution(layer, reverseComplement: true, segment);
        padded = first.Padded;
        dense = new float[padded];
        denseWeight.CopyTo(dense, 0);
        this.denseBias = denseBias;
        running = new float[padded];
        conv = new float[segment * padded];
        suffix = new float[segment * padded];
        scores = new float[segment + Lanes];
        paddedCodes = new byte[windowLength];
    }

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
            codes = WindowBatch.AtLeastOneWindow(codes, paddedCodes);
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
        first.Run(codes, reverseComplement: strand == 1, conv);
        ref float convRef = ref conv[0];

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
