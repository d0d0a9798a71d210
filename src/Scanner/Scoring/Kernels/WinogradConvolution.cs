using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>
/// Winograd's minimal filtering for a <see cref="WinogradStage"/> — F(4, 3), or F(2, 2) ⊗ F(4, 3) nested:
/// the input transform per tile, the products as register-blocked matrix multiplications (Vector512 where
/// the CPU has it), the output transform with bias and ReLU. Holds its scratch space: one per scorer.
/// </summary>
/// <param name="scratch">The most transformed values a stage keeps per tile (<see cref="ConvStackPlan.WinogradScratch"/>).</param>
internal sealed class WinogradConvolution(int scratch)
{
    const int Lanes = 8, TileBlock = 32, MaxPoints = 3 * Winograd.Points;

    // Per tile: points × (tap groups × padded inputs); and the products of a block of tiles.
    readonly float[] transformed = new float[TileBlock * scratch];
    readonly float[] products = new float[TileBlock * MaxPoints * 4 * Lanes];
    // A nested tile's thirteen inputs where the tile is cut by the buffer's ends.
    readonly float[] edge = new float[(4 * Winograd.Taps + 1) * Lanes];

    /// <summary>
    /// The Winograd convolution + ReLU, in blocks of tiles of n = 4 (or nested 8) outputs of one phase;
    /// returns the number of output positions. Tiles are fixed in record coordinates — outputs whose record
    /// position k has the same k mod d and the same ⌊k / nd⌋ — so every output is computed by the same
    /// arithmetic from the same inputs whatever the segment; tiles cut by the buffer's ends read missing
    /// inputs as zero, and their outputs lie in the context, which no window reads. With
    /// <paramref name="pool"/>, also the max-pool of size 2 at the stage's dilation that follows it: the
    /// pooled positions are written (as the pool would write them), and their number returned.
    /// </summary>
    public int Convolve(float[] input, float[] output, int positions, WinogradStage conv, long anchor, bool reversed, bool pool = false)
    {
        int produced = positions - (conv.Kernel - 1) * conv.Dilation;
        int d = conv.Dilation, n = conv.Outputs, reach = conv.Reach;
        Span<int> tiles = stackalloc int[TileBlock];
        int count = 0;
        // Record position key of buffer position b: anchor + b, or (reversed) anchor − b; tracked as
        // key = q·d + rest with m = q mod n (floor division, no division per position).
        int sign = reversed ? -1 : 1, target = reversed ? n - 1 : 0;
        long key = anchor + sign * (long)(-reach);
        long q = Math.DivRem(key, d, out long r);
        if (r < 0)
        {
            r += d;
            q--;
        }
        int m = (int)(((q % n) + n) % n), rest = (int)r;
        for (int b = -reach; b < produced; b++)
        {
            // The tile's first output: the lowest record position of its group, or (reversed) the highest.
            if (m == target)
            {
                tiles[count++] = b;
                if (count == TileBlock)
                {
                    ConvolveTiles(input, output, positions, produced, conv, tiles, pool);
                    count = 0;
                }
            }
            rest += sign;
            if (rest == d)
            {
                rest = 0;
                m = m + 1 == n ? 0 : m + 1;
            }
            else if (rest < 0)
            {
                rest = d - 1;
                m = m == 0 ? n - 1 : m - 1;
            }
        }
        if (count > 0)
            ConvolveTiles(input, output, positions, produced, conv, tiles[..count], pool);
        return pool ? produced - d : produced;
    }

    static Vector256<float> Tap(float[] input, int first, int tap, int dilation, int positions, int padded, int v)
    {
        int at = first + tap * dilation;
        return at >= 0 && at < positions ? Vector256.LoadUnsafe(ref input[at * padded + v]) : Vector256<float>.Zero;
    }

    void ConvolveTiles(float[] input, float[] output, int positions, int produced, WinogradStage conv, ReadOnlySpan<int> tiles, bool pool)
    {
        if (conv.Nested)
            TransformNested(input, positions, conv, tiles);
        else
            Transform(input, positions, conv, tiles);
        int points = conv.Points, outputs = conv.Padded;
        for (int g = 0; g < outputs; g += conv.Group)
        {
            Multiply(conv, tiles.Length, points, g);
            if (conv.Nested)
                OutputNested(output, produced, conv, tiles, g, pool);
            else
                Output(output, produced, conv, tiles, g, pool);
        }
    }

    /// <summary>Bᵀ of F(4, 3): six inputs to six transformed values, stored <paramref name="stride"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void InputTransform(Vector256<float> d0, Vector256<float> d1, Vector256<float> d2, Vector256<float> d3, Vector256<float> d4, Vector256<float> d5,
        ref float target, int stride)
    {
        var four = Vector256.Create(4f);
        var five = Vector256.Create(5f);
        var two = Vector256.Create(2f);
        Vector256.FusedMultiplyAdd(four, d0, Vector256.FusedMultiplyAdd(-five, d2, d4)).StoreUnsafe(ref target);
        Vector256.FusedMultiplyAdd(-four, d1 + d2, d3 + d4).StoreUnsafe(ref Unsafe.Add(ref target, stride));
        Vector256.FusedMultiplyAdd(four, d1 - d2, d4 - d3).StoreUnsafe(ref Unsafe.Add(ref target, 2 * stride));
        Vector256.FusedMultiplyAdd(two, d3 - d1, d4 - d2).StoreUnsafe(ref Unsafe.Add(ref target, 3 * stride));
        Vector256.FusedMultiplyAdd(two, d1 - d3, d4 - d2).StoreUnsafe(ref Unsafe.Add(ref target, 4 * stride));
        Vector256.FusedMultiplyAdd(four, d1, Vector256.FusedMultiplyAdd(-five, d3, d5)).StoreUnsafe(ref Unsafe.Add(ref target, 5 * stride));
    }

    /// <summary>F(4, 3)'s input transform: per tile and group of three taps, the six inputs d0..d5 (taps 3k .. 3k + 5 of the tile's first output), per channel.</summary>
    [MethodImpl(KernelMethod.Options)]
    void Transform(float[] input, int positions, WinogradStage conv, ReadOnlySpan<int> tiles)
    {
        int reduction = conv.Reduction, inPadded = conv.InputPadded, d = conv.Dilation;
        int tileStride = conv.Points * reduction;
        ref float inRef = ref input[0];
        ref float vRef = ref transformed[0];
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
                    ref float target = ref Unsafe.Add(ref vRef, i * tileStride + group * inPadded + v);
                    if (inside)
                    {
                        ref float x = ref Unsafe.Add(ref inRef, first * inPadded + v);
                        InputTransform(Vector256.LoadUnsafe(ref x), Vector256.LoadUnsafe(ref Unsafe.Add(ref x, step)), Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 2 * step)),
                            Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 3 * step)), Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 4 * step)), Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 5 * step)),
                            ref target, reduction);
                    }
                    else
                    {
                        // The last tiles: inputs past the end feed only outputs past the end; read as zero.
                        InputTransform(Tap(input, first, 0, d, positions, inPadded, v), Tap(input, first, 1, d, positions, inPadded, v), Tap(input, first, 2, d, positions, inPadded, v),
                            Tap(input, first, 3, d, positions, inPadded, v), Tap(input, first, 4, d, positions, inPadded, v), Tap(input, first, 5, d, positions, inPadded, v),
                            ref target, reduction);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The nested input transform: per tile and group of six taps, the thirteen inputs x0..x12 (Dilation
    /// apart) give F(2, 2)'s three sequences at twice the dilation — x2i − x2i+1, x2i+1, x2i+2 − x2i+1 for
    /// i = 0..5 — and each goes through F(4, 3)'s Bᵀ: points 0–5, 6–11, 12–17.
    /// </summary>
    [MethodImpl(KernelMethod.Options)]
    void TransformNested(float[] input, int positions, WinogradStage conv, ReadOnlySpan<int> tiles)
    {
        const int Inputs = 4 * Winograd.Taps + 1;
        int reduction = conv.Reduction, inPadded = conv.InputPadded, d = conv.Dilation;
        int tileStride = conv.Points * reduction, third = Winograd.Points * reduction;
        ref float inRef = ref input[0];
        ref float vRef = ref transformed[0];
        ref float edgeRef = ref edge[0];
        for (int i = 0; i < tiles.Length; i++)
        {
            int b = tiles[i];
            for (int group = 0; group < reduction / inPadded; group++)
            {
                int first = b + group * 2 * Winograd.Taps * d;
                bool inside = first >= 0 && first + (Inputs - 1) * d < positions;
                int step = inside ? d * inPadded : Lanes;
                for (int v = 0; v < inPadded; v += Lanes)
                {
                    if (!inside)
                    {
                        // The first and last tiles: inputs outside the buffer feed only outputs outside it; read as zero.
                        for (int k = 0; k < Inputs; k++)
                            Tap(input, first, k, d, positions, inPadded, v).StoreUnsafe(ref edgeRef, (nuint)(k * Lanes));
                    }
                    ref float x = ref inside ? ref Unsafe.Add(ref inRef, first * inPadded + v) : ref edgeRef;
                    var x1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, step));
                    var x3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 3 * step));
                    var x5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 5 * step));
                    var x7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 7 * step));
                    var x9 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 9 * step));
                    var x11 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 11 * step));
                    ref float target = ref Unsafe.Add(ref vRef, i * tileStride + group * inPadded + v);
                    InputTransform(Vector256.LoadUnsafe(ref x) - x1, Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 2 * step)) - x3,
                        Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 4 * step)) - x5, Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 6 * step)) - x7,
                        Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 8 * step)) - x9, Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 10 * step)) - x11, ref target, reduction);
                    InputTransform(x1, x3, x5, x7, x9, x11, ref Unsafe.Add(ref target, third), reduction);
                    InputTransform(Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 2 * step)) - x1, Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 4 * step)) - x3,
                        Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 6 * step)) - x5, Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 8 * step)) - x7,
                        Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 10 * step)) - x9, Vector256.LoadUnsafe(ref Unsafe.Add(ref x, 12 * step)) - x11,
                        ref Unsafe.Add(ref target, 2 * third), reduction);
                }
            }
        }
    }

    /// <summary>The products of every point for output group <paramref name="g"/>: transformed input (1 × reduction) times transformed weights (reduction × 32 or 16 outputs), per tile.</summary>
    void Multiply(WinogradStage conv, int tiles, int points, int g)
    {
        int reduction = conv.Reduction, outputs = conv.Padded, tileStride = points * reduction, group = conv.Group;
        ref float vRef = ref transformed[0];
        ref float mRef = ref products[0];
        for (int point = 0; point < points; point++)
        {
            ref float w = ref conv.Weight[point * reduction * outputs + g];
            int i = 0;
            if (group == 2 * Lanes)
            {
                // Four tiles at a time (the last ones repeated: their products written again to the same place).
                for (; i < tiles; i += 4)
                {
                    int i1 = Math.Min(i + 1, tiles - 1), i2 = Math.Min(i + 2, tiles - 1), i3 = Math.Min(i + 3, tiles - 1);
                    Multiply16(ref Unsafe.Add(ref vRef, i * tileStride + point * reduction), ref Unsafe.Add(ref vRef, i1 * tileStride + point * reduction),
                        ref Unsafe.Add(ref vRef, i2 * tileStride + point * reduction), ref Unsafe.Add(ref vRef, i3 * tileStride + point * reduction),
                        ref w, reduction, outputs,
                        ref Unsafe.Add(ref mRef, (i * points + point) * group), ref Unsafe.Add(ref mRef, (i1 * points + point) * group),
                        ref Unsafe.Add(ref mRef, (i2 * points + point) * group), ref Unsafe.Add(ref mRef, (i3 * points + point) * group));
                }
                continue;
            }
            if (Vector512.IsHardwareAccelerated)
                for (; i + 3 < tiles; i += 4)
                {
                    ref float x = ref Unsafe.Add(ref vRef, i * tileStride + point * reduction);
                    ref float m = ref Unsafe.Add(ref mRef, (i * points + point) * group);
                    Multiply4(ref x, tileStride, ref w, reduction, outputs, ref m, points * group);
                }
            for (; i + 1 < tiles; i += 2)
                Multiply(ref Unsafe.Add(ref vRef, i * tileStride + point * reduction), ref Unsafe.Add(ref vRef, (i + 1) * tileStride + point * reduction),
                    ref w, reduction, outputs, ref Unsafe.Add(ref mRef, (i * points + point) * group),
                    ref Unsafe.Add(ref mRef, ((i + 1) * points + point) * group));
            if (i < tiles)
            {
                // An odd tile: paired with itself, its product written twice to the same place.
                ref float m = ref Unsafe.Add(ref mRef, (i * points + point) * group);
                ref float x = ref Unsafe.Add(ref vRef, i * tileStride + point * reduction);
                Multiply(ref x, ref x, ref w, reduction, outputs, ref m, ref m);
            }
        }
    }

    /// <summary>Aᵀ of F(4, 3): six products (<paramref name="stride"/> apart) to four outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void OutputTransform(ref float m, int stride, out Vector256<float> y0, out Vector256<float> y1, out Vector256<float> y2, out Vector256<float> y3)
    {
        var m0 = Vector256.LoadUnsafe(ref m);
        var m1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref m, stride));
        var m2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref m, 2 * stride));
        var m3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref m, 3 * stride));
        var m4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref m, 4 * stride));
        var m5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref m, 5 * stride));
        Vector256<float> sum = m1 + m2, difference = m1 - m2, sum34 = m3 + m4, difference34 = m3 - m4;
        y0 = m0 + sum + sum34;
        y1 = Vector256.FusedMultiplyAdd(Vector256.Create(2f), difference34, difference);
        y2 = Vector256.FusedMultiplyAdd(Vector256.Create(4f), sum34, sum);
        y3 = Vector256.FusedMultiplyAdd(Vector256.Create(8f), difference34, difference) + m5;
    }

    /// <summary>F(4, 3)'s output transform, bias and ReLU for output group <paramref name="g"/>.</summary>
    [MethodImpl(KernelMethod.Options)]
    void Output(float[] output, int produced, WinogradStage conv, ReadOnlySpan<int> tiles, int g, bool pool)
    {
        int outputs = conv.Padded, d = conv.Dilation, group = conv.Group;
        ref float outRef = ref output[0];
        for (int i = 0; i < tiles.Length; i++)
        {
            int b = tiles[i];
            for (int v = 0; v < group; v += Lanes)
            {
                OutputTransform(ref products[i * Winograd.Points * group + v], group, out var y0, out var y1, out var y2, out var y3);
                var bias = Vector256.LoadUnsafe(ref conv.Bias[g + v]);
                var at = new Emitter(ref Unsafe.Add(ref outRef, g + v), produced, d, outputs, pool);
                at.First(b, bias + y0);
                var y = at.Next(b, bias + y0, bias + y1);
                y = at.Next(b + d, y, bias + y2);
                y = at.Next(b + 2 * d, y, bias + y3);
                at.Last(b + 3 * d, y);
            }
        }
    }

    /// <summary>
    /// The nested output transform: F(4, 3)'s Aᵀ on each of the three sequences' products (M1, M2, M3, four
    /// outputs each at twice the dilation), then F(2, 2)'s: output 2k is M1k + M2k, output 2k + 1 is M2k + M3k.
    /// </summary>
    [MethodImpl(KernelMethod.Options)]
    void OutputNested(float[] output, int produced, WinogradStage conv, ReadOnlySpan<int> tiles, int g, bool pool)
    {
        int outputs = conv.Padded, d = conv.Dilation, points = conv.Points, group = conv.Group;
        ref float outRef = ref output[0];
        for (int i = 0; i < tiles.Length; i++)
        {
            int b = tiles[i];
            for (int v = 0; v < group; v += Lanes)
            {
                ref float m = ref products[i * points * group + v];
                OutputTransform(ref m, group, out var a0, out var a1, out var a2, out var a3);
                OutputTransform(ref Unsafe.Add(ref m, Winograd.Points * group), group, out var b0, out var b1, out var b2, out var b3);
                OutputTransform(ref Unsafe.Add(ref m, 2 * Winograd.Points * group), group, out var c0, out var c1, out var c2, out var c3);
                var bias = Vector256.LoadUnsafe(ref conv.Bias[g + v]);
                var at = new Emitter(ref Unsafe.Add(ref outRef, g + v), produced, d, outputs, pool);
                var y = bias + (a0 + b0);
                at.First(b, y);
                y = at.Next(b, y, bias + (b0 + c0));
                y = at.Next(b + d, y, bias + (a1 + b1));
                y = at.Next(b + 2 * d, y, bias + (b1 + c1));
                y = at.Next(b + 3 * d, y, bias + (a2 + b2));
                y = at.Next(b + 4 * d, y, bias + (b2 + c2));
                y = at.Next(b + 5 * d, y, bias + (a3 + b3));
                y = at.Next(b + 6 * d, y, bias + (b3 + c3));
                at.Last(b + 7 * d, y);
            }
        }
    }

    /// <summary>
    /// Writes a tile's outputs y (at b, b + d, …, in order) after ReLU, each where it lies in 0 .. produced − 1;
    /// or pooled: max(y(t), y(t + d)) at t below produced − d. The tile's last output pools with the next
    /// tile's first, so it is kept as it is in its own place until that tile (b + nd, the next of its phase,
    /// taken later) reads it and writes the pool there. The outputs go one by one, in registers (a span of
    /// them went through the stack: eight stores, eight loads and their zeroing per tile and vector).
    /// </summary>
    readonly ref struct Emitter(ref float output, int produced, int d, int padded, bool pool)
    {
        readonly ref float output = ref output;

        /// <summary>The tile's first output y(b): pooled, it completes the previous tile's last (at b − d).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void First(int b, Vector256<float> y)
        {
            if (pool && b - d >= 0 && b < produced)
            {
                ref float slot = ref Unsafe.Add(ref output, (b - d) * padded);
                Vector256.MaxNative(Vector256.LoadUnsafe(ref slot), Activation.Relu(y)).StoreUnsafe(ref slot);
            }
        }

        /// <summary>Output y(t) written (or pooled with y(t + d), <paramref name="next"/>); returns <paramref name="next"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Next(int t, Vector256<float> y, Vector256<float> next)
        {
            if (!pool)
            {
                if (t >= 0 && t < produced)
                    Activation.Relu(y).StoreUnsafe(ref Unsafe.Add(ref output, t * padded));
            }
            else if (t >= 0 && t < produced - d)
                Activation.Relu(Vector256.MaxNative(y, next)).StoreUnsafe(ref Unsafe.Add(ref output, t * padded));
            return next;
        }

        /// <summary>The tile's last output y(t), as it is (pooled: it waits for the next tile's first).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Last(int t, Vector256<float> y)
        {
            if (t >= 0 && t < produced)
                Activation.Relu(y).StoreUnsafe(ref Unsafe.Add(ref output, t * padded));
        }
    }

    /// <summary>Four rows (tiles, <paramref name="xStride"/> apart) times a reduction × 32 block of weights, in 512-bit registers.</summary>
    [MethodImpl(KernelMethod.Options)]
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

    /// <summary>Four rows (tiles) times a reduction × 16 block of weights: eight accumulators in registers.</summary>
    [MethodImpl(KernelMethod.Options)]
    static void Multiply16(ref float x, ref float y, ref float z, ref float q, ref float weight, int reduction, int stride,
        ref float xOut, ref float yOut, ref float zOut, ref float qOut)
    {
        Vector256<float> a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default, d0 = default, d1 = default;
        for (int r = 0; r < reduction; r++)
        {
            ref float w = ref Unsafe.Add(ref weight, r * stride);
            var w0 = Vector256.LoadUnsafe(ref w);
            var w1 = Vector256.LoadUnsafe(ref w, Lanes);
            var u = Vector256.Create(Unsafe.Add(ref x, r));
            a0 = Vector256.FusedMultiplyAdd(u, w0, a0);
            a1 = Vector256.FusedMultiplyAdd(u, w1, a1);
            u = Vector256.Create(Unsafe.Add(ref y, r));
            b0 = Vector256.FusedMultiplyAdd(u, w0, b0);
            b1 = Vector256.FusedMultiplyAdd(u, w1, b1);
            u = Vector256.Create(Unsafe.Add(ref z, r));
            c0 = Vector256.FusedMultiplyAdd(u, w0, c0);
            c1 = Vector256.FusedMultiplyAdd(u, w1, c1);
            u = Vector256.Create(Unsafe.Add(ref q, r));
            d0 = Vector256.FusedMultiplyAdd(u, w0, d0);
            d1 = Vector256.FusedMultiplyAdd(u, w1, d1);
        }
        a0.StoreUnsafe(ref xOut);
        a1.StoreUnsafe(ref xOut, Lanes);
        b0.StoreUnsafe(ref yOut);
        b1.StoreUnsafe(ref yOut, Lanes);
        c0.StoreUnsafe(ref zOut);
        c1.StoreUnsafe(ref zOut, Lanes);
        d0.StoreUnsafe(ref qOut);
        d1.StoreUnsafe(ref qOut, Lanes);
    }

    /// <summary>Two rows (tiles) times a reduction × 32 block of weights: eight accumulators in registers.</summary>
    [MethodImpl(KernelMethod.Options)]
    static void Multiply(ref float x, ref float y, ref float weight, int reduction, int stride, ref float xOut, ref float yOut)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        // The weights' row walked by pointer, not by r × stride: the loop's bookkeeping shares the core's
        // dispatch with eight FMAs and six loads per step.
        ref float w = ref weight;
        for (int r = 0; r < reduction; r++, w = ref Unsafe.Add(ref w, stride))
        {
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
