using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>
/// Our CPU kernel for the deeper models of the family (v3–v6: convolutions, ReLU and max-pools, then a
/// global max and a dense head), evaluated densely ("à trous") like <see cref="DenseScanGraph"/>: every
/// pool keeps stride 1 and multiplies the dilation of what follows, so output position s holds the
/// per-window computation of the window starting at s.
/// <para>
/// Where it saves work over ONNX Runtime's dense form: the first convolution reads one-hot bases as table
/// rows (<see cref="OneHotConvolution"/>: 6 additions of a filter row per position instead of 4 × 12
/// multiply-adds), as in <see cref="FusedConvMaxScorer"/>; a convolution whose kernel is a multiple of 3 taps with 32n filters
/// (conv2 of v3–v6, three quarters of v5's arithmetic) runs as Winograd's minimal filtering F(4, 3) —
/// four outputs of one phase from six transformed inputs per group of three taps, 6 products where
/// direct convolution needs 12, the products as small matrix multiplications held in registers; the
/// other convolutions are direct, blocked so that eight independent sums are in flight. The minus strand
/// is the reverse complement run through the same layers. Agrees with ONNX Runtime's per-window scores to
/// ~1e-6 (summation order and the transforms' rounding).
/// </para>
/// </summary>
internal sealed class ConvStackScorer : IWindowScorer
{
    const int Lanes = 8;

    /// <summary>A layer after the first convolution, at full resolution with its dilation.</summary>
    abstract record Stage(int Dilation, int Channels, int Padded);

    sealed record PoolStage(int Size, int Dilation, int Channels, int Padded) : Stage(Dilation, Channels, Padded);

    /// <summary>Weight laid out [tap][input channel][padded output]; bias [padded output].</summary>
    sealed record ConvStage(float[] Weight, float[] Bias, int Kernel, int Inputs, int InputPadded, int Dilation, int Channels, int Padded)
        : Stage(Dilation, Channels, Padded);

    /// <summary>
    /// A convolution of kernel 3k and 32n filters by Winograd's minimal filtering F(4, 3) on each group of
    /// three taps: four outputs (same phase, Dilation apart) from six transformed inputs — 6 products
    /// per 4 outputs and tap group instead of 12. Weight: transformed, [point][tap group × input padded][padded output].
    /// </summary>
    sealed record WinogradStage(float[] Weight, float[] Bias, int Kernel, int Inputs, int InputPadded, int Dilation, int Channels, int Padded)
        : Stage(Dilation, Channels, Padded)
    {
        public int Reduction => Kernel / Winograd.Taps * InputPadded;
    }

    /// <summary>F(4, 3) in correlation form (Lavin &amp; Gray's points 0, ±1, ±2, ∞).</summary>
    static class Winograd
    {
        public const int Outputs = 4, Taps = 3, Points = 6;

        /// <summary>G: a group of three taps to its six transformed values.</summary>
        public static double[] Transform(double g0, double g1, double g2) =>
            [g0 / 4, -(g0 + g1 + g2) / 6, -(g0 - g1 + g2) / 6, g0 / 24 + g1 / 12 + g2 / 6, g0 / 24 - g1 / 12 + g2 / 6, g2];
    }

    const int TileBlock = 32, MaxTapGroups = 4, Margin = 8;

    readonly int length, firstKernel, headWidth, headDilation, headPadded;
    readonly OneHotConvolution firstConvolution;
    // [strand is not needed: the minus strand is the reverse complement] [offset j][base code][padded filters]
    readonly float[] dense;
    readonly float denseBias;
    readonly Stage[] stages;
    // Two full-resolution activation buffers used in turn, the non-zero lists, and the window scores.
    readonly float[] bufferA, bufferB, transformed, products;
    readonly float[] scores;
    readonly byte[] reverse, paddedCodes;

    ConvStackScorer(WindowNetwork network, int windowLength, int maxSegment)
    {
        length = windowLength;
        var first = (ConvStep)network.Steps[0];
        firstKernel = (int)first.Kernel;
        int filters = (int)first.Filters;
        firstConvolution = new OneHotConvolution(first, reverseComplement: false, Math.Max(maxSegment, windowLength) + 2 * ScanOptions.ContextBases);
        int firstPadded = firstConvolution.Padded;

        var list = new List<Stage>();
        int dilation = 1, channels = filters, padded = firstPadded, widest = firstPadded, reach = 0;
        long n = windowLength - firstKernel + 1;
        foreach (var step in network.Steps.Skip(1))
        {
            if (step is PoolStep pool)
            {
                list.Add(new PoolStage((int)pool.Size, dilation, channels, padded));
                dilation *= (int)pool.Size;
                n /= pool.Size;
            }
            else
            {
                var conv = (ConvStep)step;
                int kernel = (int)conv.Kernel, outputs = (int)conv.Filters, inputs = (int)conv.Channels;
                int outPadded = RoundUp(outputs, Lanes);
                var bias = new float[outPadded];
                conv.Bias.CopyTo(bias, 0);
                // A tile reaches (Outputs − 1) · dilation positions past the outputs a window needs, on either
                // side; Winograd only while the segments' context covers all tiles' reach.
                int tileReach = (Winograd.Outputs - 1) * dilation;
                if (kernel % Winograd.Taps == 0 && outputs % (4 * Lanes) == 0 && kernel / Winograd.Taps <= MaxTapGroups
                    && reach + tileReach <= ScanOptions.ContextBases)
                {
                    reach += tileReach;
                    int groups = kernel / Winograd.Taps, reduction = groups * padded;
                    var weight = new float[Winograd.Points * reduction * outPadded];
                    for (int o = 0; o < outputs; o++)
                        for (int c = 0; c < inputs; c++)
                            for (int group = 0; group < groups; group++)
                            {
                                int j = group * Winograd.Taps, at = (o * inputs + c) * kernel + j;
                                var u = Winograd.Transform(conv.Weight[at], conv.Weight[at + 1], conv.Weight[at + 2]);
                                for (int point = 0; point < Winograd.Points; point++)
                                    weight[(point * reduction + group * padded + c) * outPadded + o] = (float)u[point];
                            }
                    list.Add(new WinogradStage(weight, bias, kernel, inputs, padded, dilation, outputs, outPadded));
                }
                else
                {
                    var weight = new float[kernel * inputs * outPadded];
                    for (int o = 0; o < outputs; o++)
                        for (int c = 0; c < inputs; c++)
                            for (int j = 0; j < kernel; j++)
                                weight[(j * inputs + c) * outPadded + o] = conv.Weight[(o * inputs + c) * kernel + j];
                    list.Add(new ConvStage(weight, bias, kernel, inputs, padded, dilation, outputs, outPadded));
                }
                channels = outputs;
                padded = outPadded;
                n -= kernel - 1;
            }
            widest = Math.Max(widest, padded);
        }
        stages = [.. list];
        headWidth = (int)n;
        headDilation = dilation;
        headPadded = padded;
        dense = new float[padded];
        network.DenseWeight.CopyTo(dense, 0);
        denseBias = network.DenseBias;

        int segment = Math.Max(maxSegment, windowLength) + 2 * ScanOptions.ContextBases;
        // A margin past the last position: blocked convolutions read (and then drop) a few positions more.
        bufferA = new float[(segment + Margin) * widest];
        bufferB = new float[(segment + Margin) * widest];
        // Per tile: six points × (tap groups × padded inputs).
        transformed = new float[TileBlock * Winograd.Points * MaxTapGroups * widest];
        products = new float[TileBlock * Winograd.Points * 4 * Lanes];
        scores = new float[segment];
        reverse = new byte[segment];
        paddedCodes = new byte[windowLength];
    }

    static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>A scorer for a window network of two or more convolutions understood by the shared graph, or null.</summary>
    public static ConvStackScorer? TryCreate(WindowNetwork? network, int windowLength, int maxSegment)
    {
        if (network is not { Steps: [ConvStep { Channels: 4 } first, _, ..] } || first.Kernel > windowLength)
            return null;
        if (!network.Steps.OfType<ConvStep>().Skip(1).Any())
            return null;
        long n = windowLength;
        foreach (var step in network.Steps)
        {
            n = step is ConvStep c ? n - c.Kernel + 1 : n / ((PoolStep)step).Size;
            if (n < 1)
                return null;
        }
        return new ConvStackScorer(network, windowLength, maxSegment);
    }

    public void Score(WindowBatch batch, Strands strands)
    {
        int window = 0;
        for (int s = 0; s < batch.Segments.Count; s++)
        {
            // The segment with its context: Winograd tiles are anchored to record coordinates and read
            // real bases past the windows, so a window's score does not depend on where segments begin.
            var segment = batch.Segments[s];
            var codes = batch.SegmentCodesWithContext(s);
            int before = segment.Before;
            if (codes.Length > scores.Length)
                throw new InvalidOperationException($"a segment of {codes.Length} bases exceeds the kernel's {scores.Length}");
            // A short record has no context.
            codes = WindowBatch.AtLeastOneWindow(codes, paddedCodes);
            int c = codes.Length, windows = c - length + 1;
            long origin = segment.Start - before;
            int first = window;
            while (window < batch.Count && batch.SegmentOf[window] == s)
                window++;
            if (strands.HasFlag(Strands.Plus))
            {
                ScoreForward(codes, windows, origin, reversed: false);
                for (int w = first; w < window; w++)
                    batch.Plus[w] = scores[(int)(batch.Starts[w] - origin)];
            }
            if (strands.HasFlag(Strands.Minus))
            {
                // The minus-strand window starting at offset a is the reverse complement's window at c − L − a.
                var rc = reverse.AsSpan(0, c);
                for (int i = 0; i < c; i++)
                    rc[c - 1 - i] = Alphabet.Complement(codes[i]);
                ScoreForward(rc, windows, origin + c - 1, reversed: true);
                for (int w = first; w < window; w++)
                    batch.Minus[w] = scores[c - length - (int)(batch.Starts[w] - origin)];
            }
        }
    }

    /// <summary>
    /// Scores the windows starting at 0 .. <paramref name="windows"/> − 1 of <paramref name="codes"/> into
    /// <see cref="scores"/>. Position t is record coordinate <paramref name="anchor"/> + t, or
    /// <paramref name="anchor"/> − t for the reverse complement.
    /// </summary>
    void ScoreForward(ReadOnlySpan<byte> codes, int windows, long anchor, bool reversed)
    {
        int positions = codes.Length - firstKernel + 1;
        firstConvolution.Run(codes, reverseComplement: false, bufferA);
        float[] input = bufferA, output = bufferB;
        foreach (var stage in stages)
        {
            if (stage is PoolStage pool)
                positions = Pool(input, output, positions, pool);
            else if (stage is WinogradStage winograd)
                positions = Convolve(input, output, positions, winograd, anchor, reversed);
            else
                positions = Convolve(input, output, positions, (ConvStage)stage);
            (input, output) = (output, input);
        }
        Head(input, windows);
    }

    /// <summary>Max over <c>Size</c> positions <c>Dilation</c> apart; returns the number of output positions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int Pool(float[] input, float[] output, int positions, PoolStage pool)
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
                    max = Vector256.Max(max, Vector256.LoadUnsafe(ref Unsafe.Add(ref source, i * pool.Dilation * padded), (nuint)v));
                max.StoreUnsafe(ref target, (nuint)v);
            }
        }
        return produced;
    }

    /// <summary>
    /// The Winograd convolution + ReLU, in blocks of tiles of four outputs of one phase; returns the number
    /// of output positions. Tiles are fixed in record coordinates — outputs whose record position k has
    /// the same k mod d and the same ⌊k / 4d⌋ — so every output is computed by the same arithmetic from the
    /// same inputs whatever the segment; tiles cut by the buffer's ends read missing inputs as zero, and
    /// their outputs lie in the context, which no window reads.
    /// </summary>
    int Convolve(float[] input, float[] output, int positions, WinogradStage conv, long anchor, bool reversed)
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

    /// <summary>
    /// A dilated convolution + ReLU; returns the number of output positions. Output channels in groups of
    /// 2 vectors (or 1 for the last), each group over 4 (or 8) positions at once: eight independent
    /// accumulators, so the multiply-adds do not wait on each other. (Wide convolutions with 3k taps go
    /// through Winograd; these are the small ones.)
    /// </summary>
    static int Convolve(float[] input, float[] output, int positions, ConvStage conv)
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

    /// <summary>Each window's global max over its last-layer positions (dilated), the dense layer and the sigmoid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Head(float[] input, int windows)
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
                    max = Vector256.Max(max, Vector256.LoadUnsafe(ref Unsafe.Add(ref start, i * step), (nuint)v));
                logit = Vector256.FusedMultiplyAdd(max, Vector256.LoadUnsafe(ref denseRef, (nuint)v), logit);
            }
            scores[s] = 1f / (1f + MathF.Exp(-(Vector256.Sum(logit) + denseBias)));
        }
    }
}
