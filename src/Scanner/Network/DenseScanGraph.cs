using Google.Protobuf;

namespace GenomeScan.Scanner.Network;

/// <summary>
/// The dense ("shared-computation") form of a window classifier of the exercise's family (convolutions with ReLU and
/// max-pools, then a global max, a dense layer and a sigmoid): one pass over a whole stretch of sequence
/// gives the score of the window starting at every position.
/// <para>
/// How: the per-window network is evaluated densely ("à trous"). Each MaxPool(m, stride m) becomes
/// MaxPool(m, stride 1) with the current dilation d, after which d grows m-fold; each later convolution
/// takes dilation d; the global max over the last layer's n positions becomes a dilated sliding max of
/// width n (built from pairwise maxima by doubling, about log₂ n passes instead of n comparisons); the
/// dense layer is a 1×1 convolution. Output position s then holds exactly the per-window computation for
/// the window starting at s — pooling's dropped remainders included, since a window never reads past the
/// positions its own per-window evaluation reads.
/// </para>
/// Input <c>sequence</c> float32 [batch, C, 4] one-hot (C ≥ the window length); output <c>scores</c> float32
/// [batch, 1, G] with G ≥ C − L + 1: the first C − L + 1 values are the windows' probabilities.
/// </summary>
internal static class DenseScanGraph
{
    public const string InputName = "sequence";
    public const string OutputName = "scores";

    /// <summary>The dense graph for a window model, or null when its graph is not of the family understood here.</summary>
    public static byte[]? TryBuild(byte[] windowModel, int windowLength)
    {
        if (WindowNetwork.TryRead(windowModel) is not { } network)
            return null;
        var (steps, denseWeight, denseBias) = (network.Steps, network.DenseWeight, network.DenseBias);

        // Positions of the last convolution inside one window: the width of the global max.
        long n = windowLength;
        foreach (var step in steps)
        {
            n = step is ConvStep c ? n - c.Kernel + 1 : n / ((PoolStep)step).Size;
            if (n < 1)
                return null;
        }

        var builder = new OnnxGraphBuilder("genomescan_shared");
        builder.Input(OnnxGraphBuilder.Value(InputName, "batch", null, null, 4));
        builder.Output(OnnxGraphBuilder.Value(OutputName, "batch", null, 1, null));
        var x = builder.Node("Transpose", [InputName], "channels_first", OnnxGraphBuilder.Ints("perm", 0, 2, 1));
        long dilation = 1;
        int index = 0;
        foreach (var step in steps)
        {
            if (step is ConvStep c)
            {
                var w = builder.Initializer($"conv{index}.weight", c.Weight, c.Filters, c.Channels, c.Kernel);
                var b = builder.Initializer($"conv{index}.bias", c.Bias, c.Filters);
                x = builder.Node("Conv", [x, w, b], $"conv{index}",
                    OnnxGraphBuilder.Ints("kernel_shape", c.Kernel), OnnxGraphBuilder.Ints("dilations", dilation));
                x = builder.Node("Relu", [x], $"relu{index}");
                index++;
            }
            else
            {
                var pool = (PoolStep)step;
                x = pool.Size == 2
                    ? PairMax(builder, x, dilation)
                    : builder.Node("MaxPool", [x], null, OnnxGraphBuilder.Ints("kernel_shape", pool.Size),
                        OnnxGraphBuilder.Ints("strides", 1), OnnxGraphBuilder.Ints("dilations", dilation));
                dilation *= pool.Size;
            }
        }
        if (network.Average && dilation != 1)
            return null;
        var last = x;
        x = SlidingMax(builder, x, n, dilation);
        if (network.Average)
        {
            var average = builder.Node("AveragePool", [last], "sliding_average", OnnxGraphBuilder.Ints("kernel_shape", n), OnnxGraphBuilder.Ints("strides", 1));
            x = builder.Node("Concat", [x, average], "pooled", OnnxGraphBuilder.Int("axis", 1));
        }
        if (network.Hidden is { } hidden)
        {
            var hw = builder.Initializer("hidden.weight", hidden.Weight, hidden.Units, hidden.Inputs, 1);
            var hb = builder.Initializer("hidden.bias", hidden.Bias, hidden.Units);
            x = builder.Node("Conv", [x, hw, hb], "hidden", OnnxGraphBuilder.Ints("kernel_shape", 1));
            x = builder.Node("Relu", [x], "hidden_relu");
        }
        var dw = builder.Initializer("dense.weight", denseWeight, 1, denseWeight.Length, 1);
        var db = builder.Initializer("dense.bias", [denseBias], 1);
        x = builder.Node("Conv", [x, dw, db], "logit", OnnxGraphBuilder.Ints("kernel_shape", 1));
        builder.Node("Sigmoid", [x], OutputName);
        return builder.Build(OnnxGraphBuilder.Opset, new Dictionary<string, string>()).ToByteArray();
    }

    /// <summary>Max over <paramref name="width"/> positions spaced <paramref name="dilation"/> apart, by doubling pairwise maxima.</summary>
    static string SlidingMax(OnnxGraphBuilder builder, string x, long width, long dilation)
    {
        long covered = 1;
        while (covered * 2 <= width)
        {
            x = PairMax(builder, x, covered * dilation);
            covered *= 2;
        }
        // Two overlapping runs of `covered` positions span all `width`.
        if (covered < width)
            x = PairMax(builder, x, (width - covered) * dilation);
        return x;
    }

    /// <summary>
    /// y[t] = max(x[t], x[t + gap]) along the last axis: MaxPool(2, stride 1, dilation gap) written as two
    /// Slices and an element-wise Max, which ONNX Runtime vectorises (its dilated MaxPool is a scalar loop).
    /// </summary>
    static string PairMax(OnnxGraphBuilder builder, string x, long gap)
    {
        var axes = builder.Constant([2]);
        var head = builder.Node("Slice", [x, builder.Constant([0]), builder.Constant([-gap]), axes]);
        var tail = builder.Node("Slice", [x, builder.Constant([gap]), builder.Constant([long.MaxValue]), axes]);
        return builder.Node("Max", [head, tail]);
    }
}
