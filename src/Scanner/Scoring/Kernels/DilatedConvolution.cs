using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>Direct dilated convolution + ReLU for the small convolutions (those Winograd does not take).</summary>
internal static class DilatedConvolution
{
    const int Lanes = 8;
    // Positions per block: 6 × 2 vectors or 8 × 1 — twelve or eight independent sums in registers. A block
    // reads up to 7 positions past the last output's inputs, within the buffers' margin.
    const int PairPositions = 6, SinglePositions = 8;

    /// <summary>
    /// A dilated convolution + ReLU; returns the number of output positions. Output channels in groups of
    /// 2 vectors (or 1 for the last), each group in blocks of positions whose sums stay in registers, so
    /// the multiply-adds do not wait on each other; one call per group runs all its blocks. (Wide
    /// convolutions with 3k taps go through Winograd; these are the small ones.)
    /// </summary>
    public static int Convolve(float[] input, float[] output, int positions, ConvStage conv)
    {
        int produced = positions - (conv.Kernel - 1) * conv.Dilation;
        int groups = conv.Padded / Lanes, g = 0;
        for (; g + 2 <= groups; g += 2)
            ConvolvePairs(input, output, produced, conv, g * Lanes);
        if (g < groups)
            ConvolveSingles(input, output, produced, conv, g * Lanes);
        return produced;
    }

    /// <summary>Output channels g .. g + 15 at every position, six positions at a time.</summary>
    [MethodImpl(KernelMethod.Options)]
    static void ConvolvePairs(float[] input, float[] output, int produced, ConvStage conv, int g)
    {
        ref float inRef = ref input[0];
        ref float weightRef = ref conv.Weight[g];
        ref float outRef = ref output[0];
        int inPadded = conv.InputPadded, padded = conv.Padded, inputs = conv.Inputs, kernel = conv.Kernel, dilation = conv.Dilation;
        var bias0 = Vector256.LoadUnsafe(ref conv.Bias[g]);
        var bias1 = Vector256.LoadUnsafe(ref conv.Bias[g], Lanes);
        for (int t = 0; t < produced; t += PairPositions)
        {
            // Sums [position][vector]: a for the first eight channels, b for the next.
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
            Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default;
            for (int j = 0; j < kernel; j++)
            {
                ref float x = ref Unsafe.Add(ref inRef, (t + j * dilation) * inPadded);
                ref float w = ref Unsafe.Add(ref weightRef, j * inputs * padded);
                for (int c = 0; c < inputs; c++)
                {
                    ref float row = ref Unsafe.Add(ref w, c * padded);
                    ref float xc = ref Unsafe.Add(ref x, c);
                    var w0 = Vector256.LoadUnsafe(ref row);
                    var w1 = Vector256.LoadUnsafe(ref row, Lanes);
                    var u = Vector256.Create(xc);
                    a0 = Vector256.FusedMultiplyAdd(u, w0, a0);
                    b0 = Vector256.FusedMultiplyAdd(u, w1, b0);
                    u = Vector256.Create(Unsafe.Add(ref xc, inPadded));
                    a1 = Vector256.FusedMultiplyAdd(u, w0, a1);
                    b1 = Vector256.FusedMultiplyAdd(u, w1, b1);
                    u = Vector256.Create(Unsafe.Add(ref xc, 2 * inPadded));
                    a2 = Vector256.FusedMultiplyAdd(u, w0, a2);
                    b2 = Vector256.FusedMultiplyAdd(u, w1, b2);
                    u = Vector256.Create(Unsafe.Add(ref xc, 3 * inPadded));
                    a3 = Vector256.FusedMultiplyAdd(u, w0, a3);
                    b3 = Vector256.FusedMultiplyAdd(u, w1, b3);
                    u = Vector256.Create(Unsafe.Add(ref xc, 4 * inPadded));
                    a4 = Vector256.FusedMultiplyAdd(u, w0, a4);
                    b4 = Vector256.FusedMultiplyAdd(u, w1, b4);
                    u = Vector256.Create(Unsafe.Add(ref xc, 5 * inPadded));
                    a5 = Vector256.FusedMultiplyAdd(u, w0, a5);
                    b5 = Vector256.FusedMultiplyAdd(u, w1, b5);
                }
            }
            // Positions past the end were computed from the buffer's margin and are not stored.
            ref float o = ref Unsafe.Add(ref outRef, t * padded + g);
            int valid = produced - t;
            Store(ref o, a0, b0, bias0, bias1);
            if (valid > 1) Store(ref Unsafe.Add(ref o, padded), a1, b1, bias0, bias1);
            if (valid > 2) Store(ref Unsafe.Add(ref o, 2 * padded), a2, b2, bias0, bias1);
            if (valid > 3) Store(ref Unsafe.Add(ref o, 3 * padded), a3, b3, bias0, bias1);
            if (valid > 4) Store(ref Unsafe.Add(ref o, 4 * padded), a4, b4, bias0, bias1);
            if (valid > 5) Store(ref Unsafe.Add(ref o, 5 * padded), a5, b5, bias0, bias1);
        }
    }

    /// <summary>Output channels g .. g + 7 at every position, eight positions at a time.</summary>
    [MethodImpl(KernelMethod.Options)]
    static void ConvolveSingles(float[] input, float[] output, int produced, ConvStage conv, int g)
    {
        ref float inRef = ref input[0];
        ref float weightRef = ref conv.Weight[g];
        ref float outRef = ref output[0];
        int inPadded = conv.InputPadded, padded = conv.Padded, inputs = conv.Inputs, kernel = conv.Kernel, dilation = conv.Dilation;
        var bias = Vector256.LoadUnsafe(ref conv.Bias[g]);
        for (int t = 0; t < produced; t += SinglePositions)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (int j = 0; j < kernel; j++)
            {
                ref float x = ref Unsafe.Add(ref inRef, (t + j * dilation) * inPadded);
                ref float w = ref Unsafe.Add(ref weightRef, j * inputs * padded);
                for (int c = 0; c < inputs; c++)
                {
                    var w0 = Vector256.LoadUnsafe(ref Unsafe.Add(ref w, c * padded));
                    ref float xc = ref Unsafe.Add(ref x, c);
                    a0 = Vector256.FusedMultiplyAdd(Vector256.Create(xc), w0, a0);
                    a1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref xc, inPadded)), w0, a1);
                    a2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref xc, 2 * inPadded)), w0, a2);
                    a3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref xc, 3 * inPadded)), w0, a3);
                    a4 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref xc, 4 * inPadded)), w0, a4);
                    a5 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref xc, 5 * inPadded)), w0, a5);
                    a6 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref xc, 6 * inPadded)), w0, a6);
                    a7 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref xc, 7 * inPadded)), w0, a7);
                }
            }
            ref float o = ref Unsafe.Add(ref outRef, t * padded + g);
            int valid = produced - t;
            Store(ref o, a0, bias);
            if (valid > 1) Store(ref Unsafe.Add(ref o, padded), a1, bias);
            if (valid > 2) Store(ref Unsafe.Add(ref o, 2 * padded), a2, bias);
            if (valid > 3) Store(ref Unsafe.Add(ref o, 3 * padded), a3, bias);
            if (valid > 4) Store(ref Unsafe.Add(ref o, 4 * padded), a4, bias);
            if (valid > 5) Store(ref Unsafe.Add(ref o, 5 * padded), a5, bias);
            if (valid > 6) Store(ref Unsafe.Add(ref o, 6 * padded), a6, bias);
            if (valid > 7) Store(ref Unsafe.Add(ref o, 7 * padded), a7, bias);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(ref float target, Vector256<float> sum0, Vector256<float> sum1, Vector256<float> bias0, Vector256<float> bias1)
    {
        Activation.Relu(sum0 + bias0).StoreUnsafe(ref target);
        Activation.Relu(sum1 + bias1).StoreUnsafe(ref target, Lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(ref float target, Vector256<float> sum, Vector256<float> bias) =>
        Activation.Relu(sum + bias).StoreUnsafe(ref target);
}
