using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>
/// A first convolution (4 input channels) over one-hot bases, then ReLU, as table lookups: with one-hot
/// input, offset j of position t adds the weight row of the base at t + j. Two offsets share a row of
/// a table indexed by the pair of bases (25 rows: A, C, G, T, unknown = a zero row), so a 12-tap filter
/// costs six row additions per position. Filters are padded to groups of 32 (four vectors, held in
/// registers across the kernel), two positions at a time: eight independent sums in flight. Optionally
/// a second set of tables holds the reverse-complemented filters (offset k − 1 − j reads the
/// complement), which scores the minus strand on the forward sequence.
/// </summary>
internal sealed class OneHotConvolution
{
    const int Lanes = 8;
    const int Codes = Alphabet.Size + 1;
    const int Pairs = Codes * Codes;
    readonly int pairTaps, sets;
    // [set][offset j][base code][padded filters] and [set][pair p: offsets 2p, 2p + 1][code pair 5·a + b][padded filters].
    readonly float[] table, pairTable, bias;
    readonly byte[] pairCodes;

    /// <param name="layer">The first convolution: 4 input channels.</param>
    /// <param name="reverseComplement">Also build the tables for the reverse complement.</param>
    /// <param name="maxLength">The longest sequence <see cref="Run"/> is given.</param>
    public OneHotConvolution(ConvStep layer, bool reverseComplement, int maxLength)
    {
        if (layer.Channels != Alphabet.Size)
            throw new ArgumentException("a first convolution reads the 4 one-hot channels", nameof(layer));
        Kernel = (int)layer.Kernel;
        int filters = (int)layer.Filters;
        Padded = (filters + 4 * Lanes - 1) / (4 * Lanes) * (4 * Lanes);
        sets = reverseComplement ? 2 : 1;
        table = new float[sets * Kernel * Codes * Padded];
        for (int f = 0; f < filters; f++)
            for (int j = 0; j < Kernel; j++)
                for (int b = 0; b < Alphabet.Size; b++)
                {
                    float w = layer.Weight[(f * Alphabet.Size + b) * Kernel + j];
                    table[Row(0, j, b) + f] = w;
                    if (reverseComplement)
                        table[Row(1, Kernel - 1 - j, Alphabet.Size - 1 - b) + f] = w;
                }
        pairTaps = Kernel / 2;
        pairTable = new float[sets * pairTaps * Pairs * Padded];
        for (int set = 0; set < sets; set++)
            for (int p = 0; p < pairTaps; p++)
                for (int a = 0; a < Codes; a++)
                    for (int b = 0; b < Codes; b++)
                        for (int f = 0; f < Padded; f++)
                            pairTable[PairRow(set, p, a * Codes + b) + f] = table[Row(set, 2 * p, a) + f] + table[Row(set, 2 * p + 1, b) + f];
        bias = new float[Padded];
        layer.Bias.CopyTo(bias, 0);
        pairCodes = new byte[maxLength];
    }

    public int Kernel { get; }

    /// <summary>Filters rounded up to a multiple of 32: the row stride of the output.</summary>
    public int Padded { get; }

    int Row(int set, int offset, int code) => ((set * Kernel + offset) * Codes + code) * Padded;

    int PairRow(int set, int pair, int codes) => ((set * pairTaps + pair) * Pairs + codes) * Padded;

    /// <summary>
    /// Writes relu(conv) of positions 0 .. codes.Length − Kernel to <paramref name="output"/> ([position][Padded],
    /// from <paramref name="outputOffset"/>);
    /// <paramref name="reverseComplement"/>: with the reverse-complemented filters. <paramref name="pooled"/>:
    /// instead the max-pool of size 2 (stride 1) of that, one position fewer — max(relu(a), relu(b)) is
    /// relu(max(a, b)), so the same values as pooling afterwards, without the second pass. Returns the
    /// number of positions written.
    /// </summary>
    [MethodImpl(KernelMethod.Options)]
    public int Run(ReadOnlySpan<byte> codes, bool reverseComplement, float[] output, int outputOffset = 0, bool pooled = false)
    {
        int positions = codes.Length - Kernel + 1, set = reverseComplement ? 1 : 0, padded = Padded;
        if (set >= sets)
            throw new InvalidOperationException("built without the reverse-complemented filters");
        if (codes.Length > pairCodes.Length || output.Length < outputOffset + positions * padded)
            throw new ArgumentException($"{codes.Length} bases exceed the convolution's buffers");
        for (int t = 0; t + 1 < codes.Length; t++)
            pairCodes[t] = (byte)(codes[t] * Codes + codes[t + 1]);
        ref float pairRef = ref pairTable[PairRow(set, 0, 0)];
        ref float lastRef = ref table[Row(set, Kernel - 1, 0)];
        bool odd = Kernel % 2 == 1;
        int pairStride = Pairs * padded;
        ref float biasRef = ref bias[0];
        ref byte pairCodeRef = ref pairCodes[0];
        ref byte codeRef = ref Unsafe.AsRef(in codes[0]);
        ref float outRef = ref output[outputOffset];
        for (int g = 0; g < padded; g += 4 * Lanes)
        {
            ref float groupBias = ref Unsafe.Add(ref biasRef, g);
            // Pooled: the previous pair's second position, the first of the next pool.
            Vector256<float> p0 = default, p1 = default, p2 = default, p3 = default;
            for (int t = 0; t < positions; t += 2)
            {
                // An odd last position pairs with itself.
                int u = t + 1 < positions ? t + 1 : t;
                var a0 = Vector256.LoadUnsafe(ref groupBias);
                var a1 = Vector256.LoadUnsafe(ref groupBias, Lanes);
                var a2 = Vector256.LoadUnsafe(ref groupBias, 2 * Lanes);
                var a3 = Vector256.LoadUnsafe(ref groupBias, 3 * Lanes);
                var b0 = a0;
                var b1 = a1;
                var b2 = a2;
                var b3 = a3;
                for (int p = 0; p < pairTaps; p++)
                {
                    ref float offset = ref Unsafe.Add(ref pairRef, p * pairStride + g);
                    ref float row = ref Unsafe.Add(ref offset, Unsafe.Add(ref pairCodeRef, t + 2 * p) * padded);
                    a0 += Vector256.LoadUnsafe(ref row);
                    a1 += Vector256.LoadUnsafe(ref row, Lanes);
                    a2 += Vector256.LoadUnsafe(ref row, 2 * Lanes);
                    a3 += Vector256.LoadUnsafe(ref row, 3 * Lanes);
                    row = ref Unsafe.Add(ref offset, Unsafe.Add(ref pairCodeRef, u + 2 * p) * padded);
                    b0 += Vector256.LoadUnsafe(ref row);
                    b1 += Vector256.LoadUnsafe(ref row, Lanes);
                    b2 += Vector256.LoadUnsafe(ref row, 2 * Lanes);
                    b3 += Vector256.LoadUnsafe(ref row, 3 * Lanes);
                }
                if (odd)
                {
                    ref float row = ref Unsafe.Add(ref lastRef, Unsafe.Add(ref codeRef, t + Kernel - 1) * padded + g);
                    a0 += Vector256.LoadUnsafe(ref row);
                    a1 += Vector256.LoadUnsafe(ref row, Lanes);
                    a2 += Vector256.LoadUnsafe(ref row, 2 * Lanes);
                    a3 += Vector256.LoadUnsafe(ref row, 3 * Lanes);
                    row = ref Unsafe.Add(ref lastRef, Unsafe.Add(ref codeRef, u + Kernel - 1) * padded + g);
                    b0 += Vector256.LoadUnsafe(ref row);
                    b1 += Vector256.LoadUnsafe(ref row, Lanes);
                    b2 += Vector256.LoadUnsafe(ref row, 2 * Lanes);
                    b3 += Vector256.LoadUnsafe(ref row, 3 * Lanes);
                }
                if (!pooled)
                {
                    Store(ref Unsafe.Add(ref outRef, t * padded + g), a0, a1, a2, a3);
                    Store(ref Unsafe.Add(ref outRef, u * padded + g), b0, b1, b2, b3);
                    continue;
                }
                // Pool t − 1 (the previous pair's second position with t) and t (with t + 1).
                if (t > 0)
                    Store(ref Unsafe.Add(ref outRef, (t - 1) * padded + g), Vector256.MaxNative(p0, a0), Vector256.MaxNative(p1, a1), Vector256.MaxNative(p2, a2), Vector256.MaxNative(p3, a3));
                if (u > t)
                    Store(ref Unsafe.Add(ref outRef, t * padded + g), Vector256.MaxNative(a0, b0), Vector256.MaxNative(a1, b1), Vector256.MaxNative(a2, b2), Vector256.MaxNative(a3, b3));
                (p0, p1, p2, p3) = (b0, b1, b2, b3);
            }
        }
        return pooled ? positions - 1 : positions;
    }

    /// <summary>ReLU of four vectors, stored in a row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(ref float target, Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3)
    {
        Activation.Relu(v0).StoreUnsafe(ref target);
        Activation.Relu(v1).StoreUnsafe(ref target, Lanes);
        Activation.Relu(v2).StoreUnsafe(ref target, 2 * Lanes);
        Activation.Relu(v3).StoreUnsafe(ref target, 3 * Lanes);
    }
}
