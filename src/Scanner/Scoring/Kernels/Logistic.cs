using System.Runtime.Intrinsics;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>The kernels' last step: logits to probabilities in place, eight at a time.</summary>
internal static class Logistic
{
    const int Lanes = 8;

    /// <summary>Applies the sigmoid to <paramref name="scores"/>[0 .. count) (the array holds at least count rounded up to 8).</summary>
    public static void Apply(float[] scores, int count)
    {
        if (scores.Length < (count + Lanes - 1) / Lanes * Lanes)
            throw new ArgumentException($"{count} scores need an array of a multiple of {Lanes}", nameof(scores));
        ref float scoreRef = ref scores[0];
        var one = Vector256.Create(1f);
        for (int s = 0; s < count; s += Lanes)
        {
            var x = Vector256.LoadUnsafe(ref scoreRef, (nuint)s);
            (one / (one + Vector256.Exp(-x))).StoreUnsafe(ref scoreRef, (nuint)s);
        }
    }
}
