namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>A layer after the first convolution, at full resolution with its dilation.</summary>
internal abstract record Stage(int Dilation, int Channels, int Padded);

internal sealed record PoolStage(int Size, int Dilation, int Channels, int Padded) : Stage(Dilation, Channels, Padded);

/// <summary>Weight laid out [tap][input channel][padded output]; bias [padded output].</summary>
internal sealed record ConvStage(float[] Weight, float[] Bias, int Kernel, int Inputs, int InputPadded, int Dilation, int Channels, int Padded)
    : Stage(Dilation, Channels, Padded);

/// <summary>
/// A convolution of 16n filters by Winograd's minimal filtering. Plain (kernel 3k): F(4, 3) on each group of
/// three taps — four outputs (same phase, Dilation apart) from six transformed inputs, 6 products per 4
/// outputs and tap group instead of 12. Nested (kernel 6k): F(2, 2) ⊗ F(4, 3) on each group of six taps
/// (tap 2u + v: F(2, 2) over v, F(4, 3) over u at twice the dilation) — eight outputs from 3 × 6 transformed
/// inputs, 18 products per 8 outputs and tap group instead of 48, a quarter fewer than F(4, 3) on its two
/// groups of three. Weight: transformed, [point][tap group × input padded][padded output].
/// </summary>
internal sealed record WinogradStage(float[] Weight, float[] Bias, int Kernel, int Inputs, int InputPadded, int Dilation, int Channels, int Padded, bool Nested)
    : Stage(Dilation, Channels, Padded)
{
    /// <summary>Taps per group: 3 (F(4, 3)) or 6 (nested).</summary>
    public static int GroupTapsOf(bool nested) => nested ? 2 * Winograd.Taps : Winograd.Taps;

    /// <summary>Transformed inputs per tile and channel: 6 or 18.</summary>
    public static int PointsOf(bool nested) => nested ? 3 * Winograd.Points : Winograd.Points;

    /// <summary>
    /// Positions a tile reaches past the outputs a window needs, on either side: (outputs per tile − 1) ·
    /// dilation.
    /// </summary>
    public static int ReachOf(bool nested, int dilation) => (OutputsOf(nested) - 1) * dilation;

    /// <summary>Outputs per tile: 4 or 8.</summary>
    public static int OutputsOf(bool nested) => nested ? 2 * Winograd.Outputs : Winograd.Outputs;

    public int GroupTaps => GroupTapsOf(Nested);

    public int Points => PointsOf(Nested);

    public int Outputs => OutputsOf(Nested);

    public int Reach => ReachOf(Nested, Dilation);

    public int Reduction => Kernel / GroupTaps * InputPadded;

    /// <summary>Output channels per block of products: 32, or 16 for a stage of 16n filters that is not 32n.</summary>
    public int Group => Padded % 32 == 0 ? 32 : 16;
}

/// <summary>F(4, 3) in correlation form (Lavin &amp; Gray's points 0, ±1, ±2, ∞).</summary>
internal static class Winograd
{
    public const int Outputs = 4, Taps = 3, Points = 6;

    /// <summary>The most tap groups a stage may have (the scratch space is sized for them).</summary>
    public const int MaxTapGroups = 4;

    /// <summary>G: a group of three taps to its six transformed values.</summary>
    public static double[] Transform(double g0, double g1, double g2) =>
        [g0 / 4, -(g0 + g1 + g2) / 6, -(g0 - g1 + g2) / 6, g0 / 24 + g1 / 12 + g2 / 6, g0 / 24 - g1 / 12 + g2 / 6, g2];
}

/// <summary>
/// The layers after a conv stack's first convolution, weights laid out for the kernels (Winograd-transformed
/// where it applies), and the head: the width and dilation of the global max and the padded channels it reads.
/// </summary>
internal sealed record ConvStackPlan(Stage[] Stages, int HeadWidth, int HeadDilation, int HeadPadded, int Widest)
{
    /// <summary>The most transformed values a Winograd stage keeps per tile (points × reduction), 0 without one.</summary>
    public int WinogradScratch => Stages.OfType<WinogradStage>().Select(w => w.Points * w.Reduction).DefaultIfEmpty(0).Max();

    const int Lanes = 8;

    /// <summary>The plan for <paramref name="network"/>'s layers after its first convolution, whose output has <paramref name="firstPadded"/> channels.</summary>
    public static ConvStackPlan Build(WindowNetwork network, int windowLength, int firstPadded)
    {
        var first = (ConvStep)network.Steps[0];
        int filters = (int)first.Filters, firstKernel = (int)first.Kernel;
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
                    // Winograd only while the segments' context covers all tiles' reach (WinogradStage.ReachOf).
                    bool Fits(bool nested) => kernel % WinogradStage.GroupTapsOf(nested) == 0 && kernel / Winograd.Taps <= Winograd.MaxTapGroups
                        && reach + WinogradStage.ReachOf(nested, dilation) <= ScanOptions.ContextBases;
                    bool nested = Fits(true);
                    if (outputs % (2 * Lanes) == 0 && (nested || Fits(false)))
                    {
                        reach += WinogradStage.ReachOf(nested, dilation);
                        int groupTaps = WinogradStage.GroupTapsOf(nested);
                        int groups = kernel / groupTaps, reduction = groups * padded, points = WinogradStage.PointsOf(nested);
                        var weight = new float[points * reduction * outPadded];
                        for (int o = 0; o < outputs; o++)
                            for (int c = 0; c < inputs; c++)
                                for (int group = 0; group < groups; group++)
                                {
                                    int at = (o * inputs + c) * kernel + group * groupTaps;
                                    var w = conv.Weight;
                                    // Nested: F(2, 2)'s three filters over the even taps, their sums and the odd taps, each
                                    // (three taps at twice the dilation) transformed by F(4, 3)'s G.
                                    double[][] transformed = nested
                                        ? [Winograd.Transform(w[at], w[at + 2], w[at + 4]),
                                           Winograd.Transform((double)w[at] + w[at + 1], (double)w[at + 2] + w[at + 3], (double)w[at + 4] + w[at + 5]),
                                           Winograd.Transform(w[at + 1], w[at + 3], w[at + 5])]
                                        : [Winograd.Transform(w[at], w[at + 1], w[at + 2])];
                                    for (int f = 0; f < transformed.Length; f++)
                                        for (int point = 0; point < Winograd.Points; point++)
                                            weight[((f * Winograd.Points + point) * reduction + group * padded + c) * outPadded + o] = (float)transformed[f][point];
                                }
                        list.Add(new WinogradStage(weight, bias, kernel, inputs, padded, dilation, outputs, outPadded, nested));
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
        return new ConvStackPlan([.. list], (int)n, dilation, padded, widest);
    }

    static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
