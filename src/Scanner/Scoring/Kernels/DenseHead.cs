using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>The head: each window's global max over its last-layer positions (dilated), the dense layer and the sigmoid.</summary>
internal sealed class DenseHead(float[] dense, float denseBias, int headWidth, int headDilation, int headPadded)
{
    const int Lanes = 8;

    /// <summary>The probabilities of the windows starting at 0 .. <paramref name="windows"/> − 1, into <paramref name="scores"/>.</summary>
    [MethodImpl(KernelMethod.Options)]
    public void Run(float[] input, int windows, float[] scores)
    {
        ref float inRef = ref input[0];
        ref float denseRef = ref dense[0];
        int step = headDilation * headPadded;
        for (int s = 0; s < windows; s++)
        {
            ref float start = ref Unsafe.Add(ref inRef, s * headPadded);
            var logit = Vector256<float>.Zero;
            for (int v = 0; v < headPadded; v += Lanes)
            {
                var max = Vector256.LoadUnsafe(ref start, (nuint)v);
                for (int i = 1; i < headWidth; i++)
                    max = Vector256.MaxNative(max, Vector256.LoadUnsafe(ref Unsafe.Add(ref start, i * step), (nuint)v));
                logit = Vector256.FusedMultiplyAdd(max, Vector256.LoadUnsafe(ref denseRef, (nuint)v), logit);
            }
            scores[s] = 1f / (1f + MathF.Exp(-(Vector256.Sum(logit) + denseBias)));
        }
    }
}
