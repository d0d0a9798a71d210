using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>
/// Winograd's minimal filtering F(4, 3) for a <see cref="WinogradStage"/>: the input transform per tile, the
/// six products as register-blocked matrix multiplications (Vector512 where the CPU has it), the output
/// transform with bias and ReLU. Holds its scratch space: one per scorer.
/// </summary>
internal sealed class WinogradConvolution(int widest)
{
    const int Lanes = 8, TileBlock = 32;

    // Per tile: six points × (tap groups × padded inputs); and the products of a block of tiles.
    readonly float[] transformed = new float[TileBlock * Winograd.Points * Winograd.MaxTapGroups * widest];
    readonly float[] products = new float[TileBlock * Winograd.Points * 4 * Lanes];

    /// <summary>
    /// The Winograd convolution + ReLU, in blocks of tiles of four outputs of one phase; returns the number
    /// of output positions. Tiles are fixed in record coordinates — outputs whose record position k has
    /// the same k mod d and the same ⌊k / 4d⌋ — so every output is computed by the same arithmetic from the
    /// same inputs whatever the segment; tiles cut by the buffer's ends read missing inputs as zero, and
    /// their outputs lie in the context, which no window reads.
    /// </summary>
    public int Convolve(float[] input, float[] output, int positions, WinogradStage conv, long anchor, bool reversed)
    {
        int produced = positions - (conv.Kernel - 1) * conv.Dilation;
        int d = conv.Dilation, reach = (Winograd.Outputs - 1) * d;
        Span<int> tiles = stackalloc int[TileBlock];
        int count = 0;
        for (int b = -reach; b < produced; b++)
        {
            long key = reversed ? anchor - b : anchor + b;
            // The tile's first output: the lowest record position of its group, or (reversed) the highest.
            if ((int)(key / d % Winograd.Outputs) != (reversed ? Winograd.Outputs - 1 : 0))
                continue;
            tiles[count++] = b;
            if (count == TileBlock)
            {
                ConvolveTiles(input, output, positions, produced, conv, tiles);
                count = 0;
            }
        }
        if (count > 0)
            ConvolveTiles(input, output, positions, produced, conv, tiles[..count]);
        return produced;
    }

    static Vector256<float> Tap(float[] input, int first, int tap, int dilation, int positions, int padded, int v)
    {
        int at = first + tap * dilation;
        return at >= 0 && at < positions ? Vector256.LoadUnsafe(ref input[at * padded + v]) : Vector256<float>.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void ConvolveTiles(float[] input, float[] output, int positions, int produced, WinogradStage conv, ReadOnlySpan<int> tiles)
    {
        int reduction = conv.Reduction, inPadded = conv.InputPadded, d = conv.Dilation;
        int tileStride = Winograd.Points * reduction;
        ref float inRef = ref input[0];
        ref float vRef = ref transformed[0];
        var four = Vector256.Create(4f);
        var five = Vector256.Create(5f);
        var two = Vector256.Create(2f);
        // Input transform Bᵀ of the six inputs d0..d5 (taps 3k .. 3k + 5 of the tile's first output), per channel.
        for (int i = 0; i < tiles.Length; i++)
        {
            int b = tiles[i];
            for (int group = 0; group < reduction / inPadded; group++)
            {
                int first = b + group * Winograd.Taps * d;
                bool inside = first >= 0 && first + (Winograd.Points - 1) * d < positions;
                int step = d * inPadded;
                for (int v = 0; v < inPadded; v += Lanes)
                {
                    Vector256<float> d0, d1, d2, d3, d4, d5;
                    if (inside)
                    {
                        ref float x = ref Unsafe.Add(ref inRef, first * inPadded + v);
                        d0 = Vector256.LoadUnsafe(ref x);
                        d1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, step));
                        d2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 2 * step));
                        d3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 3 * step));
                        d4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 4 * step));
                        d5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 5 * step));
                    }
                    else
                    {
                        // The last tiles: inputs past the end feed only outputs past the end; read as zero.
                        d0 = Tap(input, first, 0, d, positions, inPadded, v);
                        d1 = Tap(input, first, 1, d, positions, inPadded, v);
                        d2 = Tap(input, first, 2, d, positions, inPadded, v);
                        d3 = Tap(input, first, 3, d, positions, inPadded, v);
                        d4 = Tap(input, first, 4, d, positions, inPadded, v);
                        d5 = Tap(input, first, 5, d, positions, inPadded, v);
                    }
                    ref float target = ref Unsafe.Add(ref vRef, i * tileStride + group * inPadded + v);
                    Vector256.FusedMultiplyAdd(four, d0, Vector256.FusedMultiplyAdd(-five, d2, d4)).StoreUnsafe(ref target);
                    Vector256.FusedMultiplyAdd(-four, d1 + d2, d3 + d4).StoreUnsafe(ref Unsafe.Add(ref target, reduction));
                    Vector256.FusedMultiplyAdd(four, d1 - d2, d4 - d3).StoreUnsafe(ref Unsafe.Add(ref target, 2 * reduction));
                    Vector256.FusedMultiplyAdd(two, d3 - d1, d4 - d2).StoreUnsafe(ref Unsafe.Add(ref target, 3 * reduction));
                    Vector256.FusedMultiplyAdd(two, d1 - d3, d4 - d2).StoreUnsafe(ref Unsafe.Add(ref target, 4 * reduction));
                    Vector256.FusedMultiplyAdd(four, d1, Vector256.FusedMultiplyAdd(-five, d3, d5)).StoreUnsafe(ref Unsafe.Add(ref target, 5 * reduction));
                }
            }
        }

        int outputs = conv.Padded;
        ref float mRef = ref products[0];
        ref float outRef = ref output[0];
        const int Group = 4 * Lanes;
        for (int g = 0; g < outputs; g += Group)
        {
            // Six products per tile: transformed input (1 × reduction) times transformed weights (reduction × 32 outputs).
            for (int point = 0; point < Winograd.Points; point++)
            {
                ref float w = ref conv.Weight[point * reduction * outputs + g];
                int i = 0;
                if (Vector512.IsHardwareAccelerated)
                    for (; i + 3 < tiles.Length; i += 4)
                    {
                        ref float x = ref Unsafe.Add(ref vRef, i * tileStride + point * reduction);
                        ref float m = ref Unsafe.Add(ref mRef, (i * Winograd.Points + point) * Group);
                        Multiply4(ref x, tileStride, ref w, reduction, outputs, ref m, Winograd.Points * Group);
                    }
                for (; i + 1 < tiles.Length; i += 2)
                    Multiply(ref Unsafe.Add(ref vRef, i * tileStride + point * reduction), ref Unsafe.Add(ref vRef, (i + 1) * tileStride + point * reduction),
                        ref w, reduction, outputs, ref Unsafe.Add(ref mRef, (i * Winograd.Points + point) * Group),
                        ref Unsafe.Add(ref mRef, ((i + 1) * Winograd.Points + point) * Group));
                if (i < tiles.Length)
                {
                    // An odd tile: paired with itself, its product written twice to the same place.
                    ref float m = ref Unsafe.Add(ref mRef, (i * Winograd.Points + point) * Group);
                    ref float x = ref Unsafe.Add(ref vRef, i * tileStride + point * reduction);
                    Multiply(ref x, ref x, ref w, reduction, outputs, ref m, ref m);
                }
            }
            // Output transform Aᵀ, bias and ReLU.
            for (int i = 0; i < tiles.Length; i++)
            {
                int b = tiles[i];
                for (int v = 0; v < Group; v += Lanes)
                {
                    ref float m = ref Unsafe.Add(ref mRef, i * Winograd.Points * Group + v);
                    var m0 = Vector256.LoadUnsafe(ref m);
                    var m1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref m, Group));
                    var m2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref m, 2 * Group));
                    var m3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref m, 3 * Group));
                    var m4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref m, 4 * Group));
                    var m5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref m, 5 * Group));
                    var bias = Vector256.LoadUnsafe(ref conv.Bias[g + v]);
                    Vector256<float> sum = m1 + m2, difference = m1 - m2, sum34 = m3 + m4, difference34 = m3 - m4;
                    Store(ref outRef, produced, b, outputs, g + v, bias + m0 + sum + sum34);
                    Store(ref outRef, produced, b + d, outputs, g + v, bias + Vector256.FusedMultiplyAdd(two, difference34, difference));
                    Store(ref outRef, produced, b + 2 * d, outputs, g + v, bias + Vector256.FusedMultiplyAdd(four, sum34, sum));
                    Store(ref outRef, produced, b + 3 * d, outputs, g + v, bias + Vector256.FusedMultiplyAdd(Vector256.Create(8f), difference34, difference) + m5);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(ref float output, int produced, int position, int padded, int channel, Vector256<float> value)
    {
        if (position >= 0 && position < produced)
            Vector256.Max(value, Vector256<float>.Zero).StoreUnsafe(ref Unsafe.Add(ref output, position * padded + channel));
    }

    /// <summary>Four rows (tiles, <paramref name="xStride"/> apart) times a reduction × 32 block of weights, in 512-bit registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Multiply4(ref float x, int xStride, ref float weight, int reduction, int stride, ref float output, int outputStride)
    {
        Vector512<float> a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default, d0 = default, d1 = default;
        ref float y = ref Unsafe.Add(ref x, xStride);
        ref float z = ref Unsafe.Add(ref x, 2 * xStride);
        ref float q = ref Unsafe.Add(ref x, 3 * xStride);
        for (int r = 0; r < reduction; r++)
        {
            ref float w = ref Unsafe.Add(ref weight, r * stride);
            var w0 = Vector512.LoadUnsafe(ref w);
            var w1 = Vector512.LoadUnsafe(ref w, 2 * Lanes);
            var u = Vector512.Create(Unsafe.Add(ref x, r));
            a0 = Vector512.FusedMultiplyAdd(u, w0, a0);
            a1 = Vector512.FusedMultiplyAdd(u, w1, a1);
            u = Vector512.Create(Unsafe.Add(ref y, r));
            b0 = Vector512.FusedMultiplyAdd(u, w0, b0);
            b1 = Vector512.FusedMultiplyAdd(u, w1, b1);
            u = Vector512.Create(Unsafe.Add(ref z, r));
            c0 = Vector512.FusedMultiplyAdd(u, w0, c0);
            c1 = Vector512.FusedMultiplyAdd(u, w1, c1);
            u = Vector512.Create(Unsafe.Add(ref q, r));
            d0 = Vector512.FusedMultiplyAdd(u, w0, d0);
            d1 = Vector512.FusedMultiplyAdd(u, w1, d1);
        }
        a0.StoreUnsafe(ref output);
        a1.StoreUnsafe(ref output, 2 * Lanes);
        b0.StoreUnsafe(ref Unsafe.Add(ref output, outputStride));
        b1.StoreUnsafe(ref Unsafe.Add(ref output, outputStride), 2 * Lanes);
        c0.StoreUnsafe(ref Unsafe.Add(ref output, 2 * outputStride));
        c1.StoreUnsafe(ref Unsafe.Add(ref output, 2 * outputStride), 2 * Lanes);
        d0.StoreUnsafe(ref Unsafe.Add(ref output, 3 * outputStride));
        d1.StoreUnsafe(ref Unsafe.Add(ref output, 3 * outputStride), 2 * Lanes);
    }

    /// <summary>Two rows (tiles) times a reduction × 32 block of weights: eight accumulators in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Multiply(ref float x, ref float y, ref float weight, int reduction, int stride, ref float xOut, ref float yOut)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        for (int r = 0; r < reduction; r++)
        {
            ref float w = ref Unsafe.Add(ref weight, r * stride);
            var w0 = Vector256.LoadUnsafe(ref w);
            var w1 = Vector256.LoadUnsafe(ref w, Lanes);
            var w2 = Vector256.LoadUnsafe(ref w, 2 * Lanes);
            var w3 = Vector256.LoadUnsafe(ref w, 3 * Lanes);
            var u = Vector256.Create(Unsafe.Add(ref x, r));
            var v = Vector256.Create(Unsafe.Add(ref y, r));
            a0 = Vector256.FusedMultiplyAdd(u, w0, a0);
            a1 = Vector256.FusedMultiplyAdd(u, w1, a1);
            a2 = Vector256.FusedMultiplyAdd(u, w2, a2);
            a3 = Vector256.FusedMultiplyAdd(u, w3, a3);
            b0 = Vector256.FusedMultiplyAdd(v, w0, b0);
            b1 = Vector256.FusedMultiplyAdd(v, w1, b1);
            b2 = Vector256.FusedMultiplyAdd(v, w2, b2);
            b3 = Vector256.FusedMultiplyAdd(v, w3, b3);
        }
        a0.StoreUnsafe(ref xOut);
        a1.StoreUnsafe(ref xOut, Lanes);
        a2.StoreUnsafe(ref xOut, 2 * Lanes);
        a3.StoreUnsafe(ref xOut, 3 * Lanes);
        b0.StoreUnsafe(ref yOut);
        b1.StoreUnsafe(ref yOut, Lanes);
        b2.StoreUnsafe(ref yOut, 2 * Lanes);
        b3.StoreUnsafe(ref yOut, 3 * Lanes);
    }
}
