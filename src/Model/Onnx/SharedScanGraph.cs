using Google.Protobuf;
using Onnx;

namespace GenomeScan.Model.Onnx;

/// <summary>
/// The shared-computation form of a window classifier of the seed's family (convolutions with ReLU and
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
public static class SharedScanGraph
{
    public const string InputName = "sequence";
    public const string OutputName = "scores";

    /// <summary>A layer of a window network read back from its ONNX graph.</summary>
    public abstract record Step;

    /// <summary>Conv1D + ReLU: weight [filters, channels, kernel], bias [filters].</summary>
    public sealed record ConvStep(float[] Weight, float[] Bias, long Filters, long Channels, long Kernel) : Step;

    /// <summary>MaxPool(size, stride size).</summary>
    public sealed record PoolStep(long Size) : Step;

    /// <summary>The layers of a window network, then its dense head (weight over the last filters, bias).</summary>
    public sealed record WindowNetwork(IReadOnlyList<Step> Steps, float[] DenseWeight, float DenseBias);

    /// <summary>Reads a window model's layers, or null when its graph is not of the family understood here.</summary>
    public static WindowNetwork? TryRead(byte[] windowModel)
    {
        try
        {
            return Parse(ModelProto.Parser.ParseFrom(windowModel).Graph) is { } parsed
                ? new WindowNetwork(parsed.Steps, parsed.DenseWeight, parsed.DenseBias)
                : null;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The shared graph for a window model, or null when its graph is not of the family understood here.</summary>
    public static byte[]? TryBuild(byte[] windowModel, int windowLength)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(windowModel);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
        var parsed = Parse(model.Graph);
        if (parsed is null)
            return null;
        var (steps, denseWeight, denseBias) = parsed.Value;

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
        x = SlidingMax(builder, x, n, dilation);
        var dw = builder.Initializer("dense.weight", denseWeight, 1, denseWeight.Length, 1);
        var db = builder.Initializer("dense.bias", [denseBias], 1);
        x = builder.Node("Conv", [x, dw, db], "logit", OnnxGraphBuilder.Ints("kernel_shape", 1));
        builder.Node("Sigmoid", [x], OutputName);
        return builder.Build(OnnxExporter.Opset, new Dictionary<string, string>()).ToByteArray();
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

    /// <summary>
    /// Reads the window model's layers: Transpose(0,2,1), then Conv+Relu / MaxPool(k, stride k) (Dropout and
    /// Identity skipped), then GlobalMaxPool, Flatten, Gemm (transB) and Sigmoid — the form <see cref="OnnxExporter"/> writes.
    /// </summary>
    static (List<Step> Steps, float[] DenseWeight, float DenseBias)? Parse(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var nodes = graph.Node.Where(n => n.OpType is not ("Dropout" or "Identity")).ToList();
        if (nodes.Count < 5 || nodes[0].OpType != "Transpose" || !Ints(nodes[0], "perm").SequenceEqual([0L, 2, 1]))
            return null;
        var steps = new List<Step>();
        int i = 1;
        for (; i < nodes.Count && nodes[i].OpType is "Conv" or "Relu" or "MaxPool"; i++)
        {
            var node = nodes[i];
            switch (node.OpType)
            {
                case "Conv":
                    if (node.Input.Count != 3 || !initializers.TryGetValue(node.Input[1], out var w) || !initializers.TryGetValue(node.Input[2], out var b)
                        || w.Dims.Count != 3 || Ints(node, "dilations").Any(v => v != 1) || Ints(node, "strides").Any(v => v != 1)
                        || Ints(node, "pads").Any(v => v != 0) || Int(node, "group", 1) != 1
                        || i + 1 >= nodes.Count || nodes[i + 1].OpType != "Relu")
                        return null;
                    steps.Add(new ConvStep(Floats(w), Floats(b), w.Dims[0], w.Dims[1], w.Dims[2]));
                    i++;
                    break;
                case "MaxPool":
                    var kernel = Ints(node, "kernel_shape");
                    var strides = Ints(node, "strides");
                    if (kernel.Length != 1 || strides.Length != 1 || kernel[0] != strides[0] || Ints(node, "pads").Any(v => v != 0)
                        || Int(node, "ceil_mode", 0) != 0 || Ints(node, "dilations").Any(v => v != 1))
                        return null;
                    steps.Add(new PoolStep(kernel[0]));
                    break;
                default:
                    return null;
            }
        }
        if (steps.Count == 0 || steps[0] is not ConvStep || i + 3 >= nodes.Count + 0)
            return null;
        if (nodes[i].OpType != "GlobalMaxPool" || nodes[i + 1].OpType != "Flatten" || nodes[i + 2].OpType != "Gemm")
            return null;
        var gemm = nodes[i + 2];
        if (i + 3 >= nodes.Count || nodes[i + 3].OpType != "Sigmoid" || Int(gemm, "transB", 0) != 1 || Int(gemm, "transA", 0) != 0
            || gemm.Input.Count != 3 || !initializers.TryGetValue(gemm.Input[1], out var dense) || !initializers.TryGetValue(gemm.Input[2], out var bias)
            || dense.Dims.Count != 2 || dense.Dims[0] != 1)
            return null;
        return (steps, Floats(dense), Floats(bias)[0]);
    }

    static long[] Ints(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray() ?? [];

    static long Int(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? fallback;

    static float[] Floats(TensorProto tensor)
    {
        if (tensor.DataType != OnnxGraphBuilder.Float)
            throw new InvalidDataException($"initializer {tensor.Name} is not float32");
        if (tensor.FloatData.Count > 0)
            return [.. tensor.FloatData];
        var bytes = tensor.RawData.ToByteArray();
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
