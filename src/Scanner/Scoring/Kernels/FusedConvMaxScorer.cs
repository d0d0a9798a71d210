using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>
/// Our CPU kernel for the one-convolution models (v1, v2): window score = sigmoid(b + Σ_f w_f · max over
/// the window's positions of relu(conv_f)). With one-hot input the convolution is a sum of table lookups:
/// for each offset j and base, the row of all filters' weights, added 8 floats at a time (Vector256). The
/// minus strand convolves the forward sequence with reverse-complemented filters (same positions, same
/// sliding window), so the sequence is read once. The sliding max is van Herk / Gil-Werman (three maxima
/// per value, whatever the width). Agrees with ONNX Runtime's per-window scores to ~1e-6 (summation order).
/// </summary>
internal sealed class FusedConvMaxScorer : IWindowScorer
{
    const int Lanes = 8;
    readonly int length, kernel, width, padded;
    readonly OneHotConvolution first;
    readonly float[] dense;
    readonly float denseBias;
    readonly float[] conv, suffix, running, scores;
    readonly byte[] paddedCodes;

    FusedConvMaxScorer(ConvStep layer, float[] denseWeight, float denseBias, int windowLength, int maxSegment)
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
        // Two blocks of the convolution (this one and the next) and this block's suffix maxima: a few tens of
        // kilobytes that stay in cache, instead of whole-segment arrays.
        conv = new float[2 * width * padded];
        suffix = new float[width * padded];
        scores = new float[segment + Lanes];
        paddedCodes = new byte[windowLength];
    }

    /// <summary>A scorer for a one-convolution window network, or null for any other.</summary>
    public static FusedConvMaxScorer? TryCreate(WindowNetwork? network, int windowLength, int maxSegment) =>
        network is { Steps: [ConvStep { Channels: 4 } conv], MaxHead: true } && conv.Kernel <= windowLength
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
            if (window < batch.Count && batch.SegmentOf[window] == s)
                window = batch.SegmentEnd(window);
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

    /// <summary>The convolution of positions [start, end) into block slot <paramref name="slot"/> of <see cref="conv"/>.</summary>
    void ConvolveBlock(ReadOnlySpan<byte> codes, int strand, int start, int end, int slot)
    {
        first.Run(codes.Slice(start, end - start + kernel - 1), reverseComplement: strand == 1, conv, slot * width * padded);
    }

    /// <summary>
    /// Block by block (van Herk / Gil-Werman, blocks of <c>width</c> positions): block b's convolution and
    /// its suffix maxima, block b + 1's convolution, then the windows starting in block b — window s is
    /// max(suffix from s to block b's end, prefix of block b + 1 up to s + width − 1), the prefix kept
    /// running — and the dense layer; the sigmoid at the end.
    /// </summary>
    [MethodImpl(KernelMethod.Options)]
    void ScoreStrand(ReadOnlySpan<byte> codes, int strand, int windows)
    {
        int positions = codes.Length - kernel + 1;
        int blocks = (positions + width - 1) / width;
        ref float suffixRef = ref suffix[0];
        ref float denseRef = ref dense[0];
        ref float runningRef = ref running[0];
        ConvolveBlock(codes, strand, 0, Math.Min(positions, width), 0);
        for (int b = 0; b < blocks && b * width < windows; b++)
        {
            int start = b * width, end = Math.Min(positions, start + width);
            ref float block = ref conv[(b & 1) * width * padded];
            // Suffix maxima of block b.
            int last = end - start - 1;
            Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref suffixRef, last * padded)),
                ref Unsafe.As<float, byte>(ref Unsafe.Add(ref block, last * padded)), (uint)(padded * sizeof(float)));
            for (int t = last - 1; t >= 0; t--)
            {
                ref float value = ref Unsafe.Add(ref block, t * padded);
                ref float target = ref Unsafe.Add(ref suffixRef, t * padded);
                ref float next = ref Unsafe.Add(ref target, padded);
                for (int v = 0; v < padded; v += Lanes)
                    Vector256.MaxNative(Vector256.LoadUnsafe(ref next, (nuint)v), Vector256.LoadUnsafe(ref value, (nuint)v)).StoreUnsafe(ref target, (nuint)v);
            }
            int windowEnd = Math.Min(windows, start + width);
            // The window at the block's start is the block itself: its suffix maximum from 0.
            scores[start] = Dot(ref suffixRef, ref suffixRef, ref denseRef);
            if (windowEnd == start + 1)
                continue;
            // The other windows reach into block b + 1 (it exists: their last positions are before `positions`).
            ConvolveBlock(codes, strand, end, Math.Min(positions, end + width), (b + 1) & 1);
            ref float nextBlock = ref conv[((b + 1) & 1) * width * padded];
            for (int s = start + 1; s < windowEnd; s++)
            {
                int r = s - start - 1;
                ref float value = ref Unsafe.Add(ref nextBlock, r * padded);
                if (r == 0)
                    Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref runningRef), ref Unsafe.As<float, byte>(ref value), (uint)(padded * sizeof(float)));
                else
                    for (int v = 0; v < padded; v += Lanes)
                        Vector256.MaxNative(Vector256.LoadUnsafe(ref runningRef, (nuint)v), Vector256.LoadUnsafe(ref value, (nuint)v)).StoreUnsafe(ref runningRef, (nuint)v);
                scores[s] = Dot(ref Unsafe.Add(ref suffixRef, (s - start) * padded), ref runningRef, ref denseRef);
            }
        }
        Logistic.Apply(scores, windows);
    }

    /// <summary>dense · max(a, b) + bias: the window's logit (four independent sums; padded is a multiple of 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    float Dot(ref float a, ref float b, ref float weight)
    {
        Vector256<float> l0 = default, l1 = default, l2 = default, l3 = default;
        for (int v = 0; v < padded; v += 4 * Lanes)
        {
            l0 = Vector256.FusedMultiplyAdd(Vector256.MaxNative(Vector256.LoadUnsafe(ref a, (nuint)v), Vector256.LoadUnsafe(ref b, (nuint)v)),
                Vector256.LoadUnsafe(ref weight, (nuint)v), l0);
            l1 = Vector256.FusedMultiplyAdd(Vector256.MaxNative(Vector256.LoadUnsafe(ref a, (nuint)(v + Lanes)), Vector256.LoadUnsafe(ref b, (nuint)(v + Lanes))),
                Vector256.LoadUnsafe(ref weight, (nuint)(v + Lanes)), l1);
            l2 = Vector256.FusedMultiplyAdd(Vector256.MaxNative(Vector256.LoadUnsafe(ref a, (nuint)(v + 2 * Lanes)), Vector256.LoadUnsafe(ref b, (nuint)(v + 2 * Lanes))),
                Vector256.LoadUnsafe(ref weight, (nuint)(v + 2 * Lanes)), l2);
            l3 = Vector256.FusedMultiplyAdd(Vector256.MaxNative(Vector256.LoadUnsafe(ref a, (nuint)(v + 3 * Lanes)), Vector256.LoadUnsafe(ref b, (nuint)(v + 3 * Lanes))),
                Vector256.LoadUnsafe(ref weight, (nuint)(v + 3 * Lanes)), l3);
        }
        return Vector256.Sum((l0 + l1) + (l2 + l3)) + denseBias;
    }
}
