using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>
/// Our CPU kernel for one-convolution models with a DeepBind-style head (each filter's global max and
/// global average over the window, an optional hidden Dense + ReLU, Dense(1), sigmoid). The convolution
/// runs once over a segment as table lookups (<see cref="OneHotConvolution"/>); each window's maxima
/// and sums come from block suffix and prefix arrays (van Herk / Gil-Werman, blocks as wide as a
/// window's positions: a window is the suffix of one block and the prefix of the next), so a window
/// costs its head, not its width. The minus strand convolves the forward sequence with the
/// reverse-complemented filters: max and mean do not depend on the order of positions, so its window
/// at s covers the same positions. Agrees with ONNX Runtime's per-window scores to ~1e-6.
/// </summary>
internal sealed class PooledHeadScorer : IWindowScorer
{
    const int Lanes = 8;
    const int Group = 4 * Lanes;
    readonly int length, kernel, width, padded, features, hiddenPadded;
    readonly bool average;
    readonly OneHotConvolution first;
    // [position][padded]: the convolution, and its block suffix/prefix maxima and sums.
    readonly float[] conv, suffixMax, prefixMax, suffixSum, prefixSum;
    // One window's pooled features [max (padded) | average (padded)], the hidden layer transposed
    // [feature][hiddenPadded], its bias, and the output weights over the hidden units (or the features).
    readonly float[] pooled, hiddenT, hiddenBias, hiddenValues, output;
    readonly float outputBias;
    readonly float[] scores;
    readonly byte[] paddedCodes;

    PooledHeadScorer(WindowNetwork network, int windowLength, int maxSegment)
    {
        var layer = (ConvStep)network.Steps[0];
        length = windowLength;
        kernel = (int)layer.Kernel;
        width = length - kernel + 1;
        average = network.Average;
        int segment = Math.Max(maxSegment, windowLength) + 2 * ScanOptions.ContextBases;
        first = new OneHotConvolution(layer, reverseComplement: true, segment);
        padded = first.Padded;
        int filters = (int)layer.Filters;
        features = padded * (average ? 2 : 1);
        int positions = segment - kernel + 1;
        conv = new float[positions * padded];
        suffixMax = new float[positions * padded];
        prefixMax = new float[positions * padded];
        suffixSum = average ? new float[positions * padded] : [];
        prefixSum = average ? new float[positions * padded] : [];
        pooled = new float[features];
        // Feature i of the network (maxima of filters 0..F−1, then averages) sits at padded position Slot(i).
        int Slot(int i) => i < filters ? i : padded + i - filters;
        if (network.Hidden is { } hidden)
        {
            int units = (int)hidden.Units;
            hiddenPadded = (units + Group - 1) / Group * Group;
            hiddenT = new float[features * hiddenPadded];
            for (int u = 0; u < units; u++)
                for (int i = 0; i < hidden.Inputs; i++)
                    hiddenT[Slot(i) * hiddenPadded + u] = hidden.Weight[u * hidden.Inputs + i];
            hiddenBias = new float[hiddenPadded];
            hidden.Bias.CopyTo(hiddenBias, 0);
            hiddenValues = new float[hiddenPadded];
            output = new float[hiddenPadded];
            network.DenseWeight.CopyTo(output, 0);
        }
        else
        {
            hiddenT = hiddenBias = hiddenValues = [];
            output = new float[features];
            for (int i = 0; i < network.DenseWeight.Length; i++)
                output[Slot(i)] = network.DenseWeight[i];
        }
        outputBias = network.DenseBias;
        scores = new float[segment + Lanes];
        paddedCodes = new byte[windowLength];
    }

    /// <summary>A scorer for a one-convolution window network with a pooled (average or hidden-layer) head, or null for any other.</summary>
    public static PooledHeadScorer? TryCreate(WindowNetwork? network, int windowLength, int maxSegment) =>
        network is { Steps: [ConvStep { Channels: 4 } conv], MaxHead: false } && conv.Kernel <= windowLength
            ? new PooledHeadScorer(network, windowLength, maxSegment)
            : null;

    public void Score(WindowBatch batch, Strands strands)
    {
        int window = 0;
        for (int s = 0; s < batch.Segments.Count; s++)
        {
            var codes = batch.SegmentCodes(s);
            if (codes.Length > scores.Length - Lanes)
                throw new InvalidOperationException($"a segment of {codes.Length} bases exceeds the kernel's {scores.Length - Lanes}");
            codes = WindowBatch.AtLeastOneWindow(codes, paddedCodes);
            int windows = codes.Length - length + 1;
            long segmentStart = batch.Segments[s].Start;
            int firstWindow = window;
            if (window < batch.Count && batch.SegmentOf[window] == s)
                window = batch.SegmentEnd(window);
            for (int strand = 0; strand < 2; strand++)
            {
                if (!strands.HasFlag(strand == 0 ? Strands.Plus : Strands.Minus))
                    continue;
                ScoreStrand(codes, strand, windows, (int)(segmentStart % width));
                var target = strand == 0 ? batch.Plus : batch.Minus;
                for (int w = firstWindow; w < window; w++)
                    target[w] = scores[(int)(batch.Starts[w] - segmentStart)];
            }
        }
    }

    [MethodImpl(KernelMethod.Options)]
    void ScoreStrand(ReadOnlySpan<byte> codes, int strand, int windows, int phase)
    {
        int positions = codes.Length - kernel + 1;
        first.Run(codes, reverseComplement: strand == 1, conv);
        // Blocks begin where record coordinates are multiples of the width: sums are added in the same
        // order whatever the segment boundaries, so a window's score is the same bits.
        int firstBlock = (width - phase) % width;
        Blocks(positions, firstBlock);
        float inverseWidth = 1f / width;
        var scale = Vector256.Create(inverseWidth);
        ref float pooledRef = ref pooled[0];
        for (int s = 0; s < windows; s++)
        {
            // Window s: positions s .. s + width − 1; aligned to a block, it is that whole block.
            int end = s + width - 1;
            bool aligned = (s - firstBlock) % width == 0;
            ref float maxA = ref suffixMax[s * padded];
            ref float maxB = ref prefixMax[end * padded];
            for (int v = 0; v < padded; v += Lanes)
            {
                var m = Vector256.LoadUnsafe(ref maxA, (nuint)v);
                if (!aligned)
                    m = Vector256.MaxNative(m, Vector256.LoadUnsafe(ref maxB, (nuint)v));
                m.StoreUnsafe(ref pooledRef, (nuint)v);
            }
            if (average)
            {
                ref float sumA = ref suffixSum[s * padded];
                ref float sumB = ref prefixSum[end * padded];
                for (int v = 0; v < padded; v += Lanes)
                {
                    var sum = Vector256.LoadUnsafe(ref sumA, (nuint)v);
                    if (!aligned)
                        sum += Vector256.LoadUnsafe(ref sumB, (nuint)v);
                    (sum * scale).StoreUnsafe(ref pooledRef, (nuint)(padded + v));
                }
            }
            scores[s] = Head();
        }
        Logistic.Apply(scores, windows);
    }

    /// <summary>
    /// Block suffix and prefix maxima (and sums) of the convolution's positions, blocks of <see cref="width"/>
    /// from <paramref name="firstBlock"/> (the positions before it are the tail of a block that began earlier).
    /// </summary>
    [MethodImpl(KernelMethod.Options)]
    void Blocks(int positions, int firstBlock)
    {
        for (int start = 0, end = Math.Min(positions, firstBlock > 0 ? firstBlock : width); start < positions; start = end, end = Math.Min(positions, end + width))
        {
            Copy(suffixMax, end - 1);
            Copy(prefixMax, start);
            if (average)
            {
                Copy(suffixSum, end - 1);
                Copy(prefixSum, start);
            }
            for (int t = end - 2; t >= start; t--)
            {
                ref float value = ref conv[t * padded];
                ref float next = ref suffixMax[(t + 1) * padded];
                ref float target = ref suffixMax[t * padded];
                for (int v = 0; v < padded; v += Lanes)
                    Vector256.MaxNative(Vector256.LoadUnsafe(ref next, (nuint)v), Vector256.LoadUnsafe(ref value, (nuint)v)).StoreUnsafe(ref target, (nuint)v);
                if (average)
                {
                    ref float nextSum = ref suffixSum[(t + 1) * padded];
                    ref float targetSum = ref suffixSum[t * padded];
                    for (int v = 0; v < padded; v += Lanes)
                        (Vector256.LoadUnsafe(ref nextSum, (nuint)v) + Vector256.LoadUnsafe(ref value, (nuint)v)).StoreUnsafe(ref targetSum, (nuint)v);
                }
            }
            for (int t = start + 1; t < end; t++)
            {
                ref float value = ref conv[t * padded];
                ref float previous = ref prefixMax[(t - 1) * padded];
                ref float target = ref prefixMax[t * padded];
                for (int v = 0; v < padded; v += Lanes)
                    Vector256.MaxNative(Vector256.LoadUnsafe(ref previous, (nuint)v), Vector256.LoadUnsafe(ref value, (nuint)v)).StoreUnsafe(ref target, (nuint)v);
                if (average)
                {
                    ref float previousSum = ref prefixSum[(t - 1) * padded];
                    ref float targetSum = ref prefixSum[t * padded];
                    for (int v = 0; v < padded; v += Lanes)
                        (Vector256.LoadUnsafe(ref previousSum, (nuint)v) + Vector256.LoadUnsafe(ref value, (nuint)v)).StoreUnsafe(ref targetSum, (nuint)v);
                }
            }
        }

        void Copy(float[] target, int position) =>
            conv.AsSpan(position * padded, padded).CopyTo(target.AsSpan(position * padded, padded));
    }

    /// <summary>The window's logit from <see cref="pooled"/>: the hidden layer (32 units at a time, in registers) and the output.</summary>
    [MethodImpl(KernelMethod.Options)]
    float Head()
    {
        ref float pooledRef = ref pooled[0];
        ref float outRef = ref output[0];
        if (hiddenPadded == 0)
        {
            var sum = Vector256<float>.Zero;
            for (int v = 0; v < features; v += Lanes)
                sum = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref pooledRef, (nuint)v), Vector256.LoadUnsafe(ref outRef, (nuint)v), sum);
            return Vector256.Sum(sum) + outputBias;
        }
        var logit = Vector256<float>.Zero;
        ref float weightRef = ref hiddenT[0];
        ref float biasRef = ref hiddenBias[0];
        for (int g = 0; g < hiddenPadded; g += Group)
        {
            var a0 = Vector256.LoadUnsafe(ref biasRef, (nuint)g);
            var a1 = Vector256.LoadUnsafe(ref biasRef, (nuint)(g + Lanes));
            var a2 = Vector256.LoadUnsafe(ref biasRef, (nuint)(g + 2 * Lanes));
            var a3 = Vector256.LoadUnsafe(ref biasRef, (nuint)(g + 3 * Lanes));
            for (int i = 0; i < features; i++)
            {
                float x = Unsafe.Add(ref pooledRef, i);
                if (x == 0)
                    continue;
                var value = Vector256.Create(x);
                ref float row = ref Unsafe.Add(ref weightRef, i * hiddenPadded + g);
                a0 = Vector256.FusedMultiplyAdd(value, Vector256.LoadUnsafe(ref row), a0);
                a1 = Vector256.FusedMultiplyAdd(value, Vector256.LoadUnsafe(ref row, Lanes), a1);
                a2 = Vector256.FusedMultiplyAdd(value, Vector256.LoadUnsafe(ref row, 2 * Lanes), a2);
                a3 = Vector256.FusedMultiplyAdd(value, Vector256.LoadUnsafe(ref row, 3 * Lanes), a3);
            }
            ref float o = ref Unsafe.Add(ref outRef, g);
            logit = Vector256.FusedMultiplyAdd(Activation.Relu(a0), Vector256.LoadUnsafe(ref o), logit);
            logit = Vector256.FusedMultiplyAdd(Activation.Relu(a1), Vector256.LoadUnsafe(ref o, Lanes), logit);
            logit = Vector256.FusedMultiplyAdd(Activation.Relu(a2), Vector256.LoadUnsafe(ref o, 2 * Lanes), logit);
            logit = Vector256.FusedMultiplyAdd(Activation.Relu(a3), Vector256.LoadUnsafe(ref o, 3 * Lanes), logit);
        }
        return Vector256.Sum(logit) + outputBias;
    }
}
