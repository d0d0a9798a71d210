using GenomeScan.Formats.Sequences;

namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>
/// Our CPU kernel for the deeper models of the family (v3–v7: convolutions, ReLU and max-pools, then a
/// global max and a dense head), evaluated densely ("à trous") like <see cref="DenseScanGraph"/>: every
/// pool keeps stride 1 and multiplies the dilation of what follows, so output position s holds the
/// per-window computation of the window starting at s.
/// <para>
/// Where it saves work over ONNX Runtime's dense form: the first convolution reads one-hot bases as table
/// rows (<see cref="OneHotConvolution"/>: 6 additions of a filter row per position instead of 4 × 12
/// multiply-adds), as in <see cref="FusedConvMaxScorer"/>, and takes a first max-pool of size 2 as it
/// writes; a convolution of 16n filters whose kernel is a multiple of 3 taps runs as Winograd's minimal
/// filtering (<see cref="WinogradConvolution"/>): of 6k taps (conv2 of v3–v7, most of their arithmetic) as
/// F(2, 2) ⊗ F(4, 3), eight outputs of one phase from 18 transformed inputs per group of six taps — 18
/// products where direct convolution needs 48 — of 3k taps (conv3 of v4–v7) as F(4, 3), 6 products where
/// direct convolution needs 12; the products as small matrix multiplications held in registers, and a
/// max-pool of size 2 right after such a convolution taken as its tiles are written. The other
/// convolutions are direct, blocked so that twelve (or eight) independent sums are in flight. The minus strand
/// is the reverse complement run through the same layers. Agrees with ONNX Runtime's per-window scores to
/// ~1e-6 (summation order and the transforms' rounding; the tests hold them to 1e-5 in the logit).
/// </para>
/// </summary>
internal sealed class ConvStackScorer : IWindowScorer
{
    const int Margin = 8;

    readonly int length, firstKernel;
    readonly OneHotConvolution firstConvolution;
    readonly Stage[] stages;
    readonly WinogradConvolution winograd;
    readonly DenseHead head;
    // Two full-resolution activation buffers used in turn, and the window scores.
    readonly float[] bufferA, bufferB;
    readonly float[] scores;
    readonly byte[] reverse, paddedCodes;

    ConvStackScorer(WindowNetwork network, int windowLength, int maxSegment)
    {
        length = windowLength;
        var first = (ConvStep)network.Steps[0];
        firstKernel = (int)first.Kernel;
        firstConvolution = new OneHotConvolution(first, reverseComplement: false, Math.Max(maxSegment, windowLength) + 2 * ScanOptions.ContextBases);
        var plan = ConvStackPlan.Build(network, windowLength, firstConvolution.Padded);
        stages = plan.Stages;
        var dense = new float[plan.HeadPadded];
        network.DenseWeight.CopyTo(dense, 0);
        head = new DenseHead(dense, network.DenseBias, plan.HeadWidth, plan.HeadDilation, plan.HeadPadded);
        winograd = new WinogradConvolution(plan.WinogradScratch);

        int segment = Math.Max(maxSegment, windowLength) + 2 * ScanOptions.ContextBases;
        // A margin past the last position: blocked convolutions read (and then drop) a few positions more.
        bufferA = new float[(segment + Margin) * plan.Widest];
        bufferB = new float[(segment + Margin) * plan.Widest];
        scores = new float[segment];
        reverse = new byte[segment];
        paddedCodes = new byte[windowLength];
    }

    /// <summary>A scorer for a window network of two or more convolutions understood by the shared graph, or null.</summary>
    public static ConvStackScorer? TryCreate(WindowNetwork? network, int windowLength, int maxSegment)
    {
        if (network is not { Steps: [ConvStep { Channels: 4 } first, _, ..], MaxHead: true } || first.Kernel > windowLength)
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
            if (window < batch.Count && batch.SegmentOf[window] == s)
                window = batch.SegmentEnd(window);
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
        // A first pool of size 2 at stride 1 (v3–v7) is taken as the first convolution writes its output.
        bool pooled = stages is [PoolStage { Size: 2, Dilation: 1 }, ..];
        int positions = firstConvolution.Run(codes, reverseComplement: false, bufferA, pooled: pooled);
        float[] input = bufferA, output = bufferB;
        for (int i = pooled ? 1 : 0; i < stages.Length; i++)
        {
            var stage = stages[i];
            if (stage is PoolStage pool)
                positions = MaxPooling.Pool(input, output, positions, pool);
            else if (stage is WinogradStage winograd)
            {
                // A pool of size 2 at the convolution's dilation right after it is taken as the tiles are written.
                bool poolNext = i + 1 < stages.Length && stages[i + 1] is PoolStage { Size: 2 } next && next.Dilation == winograd.Dilation;
                positions = this.winograd.Convolve(input, output, positions, winograd, anchor, reversed, poolNext);
                if (poolNext)
                    i++;
            }
            else
                positions = DilatedConvolution.Convolve(input, output, positions, (ConvStage)stage);
            (input, output) = (output, input);
        }
        head.Run(input, windows, scores);
    }
}
