using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>Direct dilated convolution + ReLU for the small convolutions (those Winograd does not take).</summary>
internal static class DilatedConvolution
{
    const int Lanes = 8;

    /// <summary>
    /// A dilated convolution + ReLU; returns the number of output positions. Output channels in groups of
    /// 2 vectors (or 1 for the last), each group over 4 (or 8) positions at once: eight independent
    /// accumulators, so the multiply-adds do not wait on each other. (Wide convolutions with 3k taps go
    /// through Winograd; these are the small ones.)
    /// </summary>
    public static int Convolve(float[] input, float[] output, int positions, ConvStage conv)
    {
        int produced = positions - (conv.Kernel - 1) * conv.Dilation;
        int groups = conv.Padded / Lanes;
        for (int g = 0; g < groups;)
        {
            int take = groups - g >= 2 ? 2 : 1;
            for (int t = 0; t < produced; t += 8 / take)
                ConvolveBlock(input, output, produced, conv, g * Lanes, t, take);
            g += take;
        }
        return produced;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void ConvolveBlock(float[] input, float[] output, int produced, ConvStage conv, int g, int t, int vectors)
    {
        ref float inRef = ref input[0];
        ref float weightRef = ref conv.Weight[g];
        int inPadded = conv.InputPadded, padded = conv.Padded, inputs = conv.Inputs;
        // Eight accumulators: [position][vector] for 4 × 2 or 8 × 1.
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (int j = 0; j < conv.Kernel; j++)
        {
            ref float x = ref Unsafe.Add(ref inRef, (t + j * conv.Dilation) * inPadded);
            ref float w = ref Unsafe.Add(ref weightRef, j * inputs * padded);
            for (int c = 0; c < inputs; c++)
            {
                ref float row = ref Unsafe.Add(ref w, c * padded);
                ref float xc = ref Unsafe.Add(ref x, c);
                if (vectors == 2)
                {
                    var w0 = Vector256.LoadUnsafe(ref row);
                    var w1 = Vector256.LoadUnsafe(ref row, Lanes);
                    var u = Vector256.Create(xc);
                    a0 = Vector256.FusedMultiplyAdd(u, w0, a0);
                    a1 = Vector256.FusedMultiplyAdd(u, w1, a1);
                    u = Vector256.Create(Unsafe.Add(ref xc, inPadded));
                    a2 = Vector256.FusedMultiplyAdd(u, w0, a2);
                    a3 = Vector256.FusedMultiplyAdd(u, w1, a3);
                    u = Vector256.Create(Unsafe.Add(ref xc, 2 * inPadded));
                    a4 = Vector256.FusedMultiplyAdd(u, w0, a4);
                    a5 = Vector256.FusedMultiplyAdd(u, w1, a5);
                    u = Vector256.Create(Unsafe.Add(ref xc, 3 * inPadded));
                    a6 = Vector256.FusedMultiplyAdd(u, w0, a6);
                    a7 = Vector256.FusedMultiplyAdd(u, w1, a7);
                }
                else
                {
                    var w0 = Vector256.LoadUnsafe(ref row);
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
        }
        // Positions past the end were computed from the buffer's margin and are not stored.
        ref float outRef = ref output[0];
        ref float biasRef = ref conv.Bias[g];
        int per = 8 / vectors;
        ReadOnlySpan<Vector256<float>> sums = [a0, a1, a2, a3, a4, a5, a6, a7];
        for (int p = 0; p < per && t + p < produced; p++)
            for (int v = 0; v < vectors; v++)
                Vector256.Max(sums[p * vectors + v] + Vector256.LoadUnsafe(ref biasRef, (nuint)(v * Lanes)), Vector256<float>.Zero)
                    .StoreUnsafe(ref Unsafe.Add(ref outRef, (t + p) * padded + g + v * Lanes));
    }
}
