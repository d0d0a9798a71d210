using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>The kernels' ReLU.</summary>
static class Activation
{
    /// <summary>
    /// max(x, 0) by the CPU's own max (<c>vmaxps</c>). <see cref="Vector256.Max{T}"/> is IEEE 754's maximum,
    /// which without AVX-512 takes eight instructions; the two agree on finite values (zeros come out +0), and
    /// the native one reads a NaN as 0 — so only networks of finite weights reach the kernels
    /// (<see cref="ScorerFactory"/>). The kernels' max-pools use <see cref="Vector256.MaxNative{T}"/> likewise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Relu(Vector256<float> x) => Vector256.MaxNative(x, Vector256<float>.Zero);
}
