namespace GenomeScan.Scanner.Scoring.Kernels;

/// <summary>A layer after the first convolution, at full resolution with its dilation.</summary>
internal abstract record Stage(int Dilation, int Channels, int Padded);

internal sealed record PoolStage(int Size, int Dilation, int Channels, int Padded) : Stage(Dilation, Channels, Padded);

/// <summary>Weight laid out [tap][input channel][padded output]; bias [padded output].</summary>
internal sealed record ConvStage(float[] Weight, float[] Bias, int Kernel, int Inputs, int InputPadded, int Dilation, int Channels, int Padded)
    : Stage(Dilation, Channels, Padded);

/// <summary>
/// A convolution of kernel 3k and 32n filters by Winograd's minimal filtering F(4, 3) on each group of
/// three taps: four outputs (same phase, Dilation apart) from six transformed inputs — 6 products
/// per 4 outputs and tap group instead of 12. Weight: transformed, [point][tap group × input padded][padded output].
/// </summary>
internal sealed record WinogradStage(float[] Weight, float[] Bias, int Kernel, int Inputs, int InputPadded, int Dilation, int Channels, int Padded)
    : Stage(Dilation, Channels, Padded)
{
    public int Reduction => Kernel / Winograd.Taps * InputPadded;
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
                    // A tile reaches (Outputs − 1) · dilation positions past the outputs a window needs, on either
                    // side; Winograd only while the segments' context covers all tiles' reach.
                    int tileReach = (Winograd.Outputs - 1) * dilation;
                    if (kernel % Winograd.Taps == 0 && outputs % (4 * Lanes) == 0 && kernel / Winograd.Taps <= Winograd.MaxTapGroups
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
        return new ConvStackPlan([.. list], (int)n, dilation, padded, widest);
    }

    static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
