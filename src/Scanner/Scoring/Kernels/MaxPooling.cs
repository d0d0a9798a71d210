using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>Max-pooling at full resolution: stride 1, the pool's dilation.</summary>
internal static class MaxPooling
{
    const int Lanes = 8;

    /// <summary>Max over <c>Size</c> positions <c>Dilation</c> apart; returns the number of output positions.</summary>
    [MethodImpl(KernelMethod.Options)]
    public static int Pool(float[] input, float[] output, int positions, PoolStage pool)
    {
        int padded = pool.Padded, reach = (pool.Size - 1) * pool.Dilation;
        int produced = positions - reach;
        ref float inRef = ref input[0];
        ref float outRef = ref output[0];
        for (int t = 0; t < produced; t++)
        {
            ref float source = ref Unsafe.Add(ref inRef, t * padded);
            ref float target = ref Unsafe.Add(ref outRef, t * padded);
            for (int v = 0; v < padded; v += Lanes)
            {
                var max = Vector256.LoadUnsafe(ref source, (nuint)v);
                for (int i = 1; i < pool.Size; i++)
                    max = Vector256.MaxNative(max, Vector256.LoadUnsafe(ref Unsafe.Add(ref source, i * pool.Dilation * padded), (nuint)v));
                max.StoreUnsafe(ref target, (nuint)v);
            }
        }
        return produced;
    }
}
