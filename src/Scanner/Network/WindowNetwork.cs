using Google.Protobuf;
using Onnx;

namespace GenomeScan.Scanner.Network;

/// <summary>A layer of a window network read back from its ONNX graph.</summary>
internal abstract record Step;

/// <summary>Conv1D + ReLU: weight [filters, channels, kernel], bias [filters].</summary>
internal sealed record ConvStep(float[] Weight, float[] Bias, long Filters, long Channels, long Kernel) : Step;

/// <summary>MaxPool(size, stride size).</summary>
internal sealed record PoolStep(long Size) : Step;

/// <summary>A hidden Dense layer + ReLU of the head: weight [units, inputs] (row-major), bias [units].</summary>
internal sealed record HiddenLayer(float[] Weight, float[] Bias, long Units, long Inputs);

/// <summary>
/// The layers of a window network, then its head: each last-layer filter's global max (and, with
/// <paramref name="Average"/>, its global average after all the maxima), an optional hidden layer, and
/// the dense output (weight over its inputs, bias).
/// </summary>
internal sealed record WindowNetwork(IReadOnlyList<Step> Steps, float[] DenseWeight, float DenseBias, bool Average = false, HiddenLayer? Hidden = null)
{
    /// <summary>The exercise family's head: global max → Dense(1). The engines for deep stacks take only this one.</summary>
    public bool MaxHead => !Average && Hidden is null;

    /// <summary>
    /// How many leading positions of a <paramref name="windowLength"/>-base window the score depends on: the
    /// head takes every position of the last layer, but a pooling of size s drops the last (length mod s)
    /// positions before it, and with them the inputs only they read (the built-in model reads 85 of its 100).
    /// </summary>
    public int ReadLength(int windowLength)
    {
        long length = windowLength;
        foreach (var step in Steps)
            length = step switch
            {
                ConvStep conv => length - conv.Kernel + 1,
                PoolStep pool => length / pool.Size,
                _ => throw new InvalidOperationException($"unknown step {step}"),
            };
        if (length < 1)
            return windowLength;
        // The last position read, from the head back to the input.
        long last = length - 1;
        for (int i = Steps.Count - 1; i >= 0; i--)
            last = Steps[i] switch
            {
                ConvStep conv => last + conv.Kernel - 1,
                PoolStep pool => last * pool.Size + pool.Size - 1,
                _ => last,
            };
        return (int)Math.Min(last + 1, windowLength);
    }

    /// <summary>Every weight and bias is a finite number (what our kernels take: see <see cref="Scoring.ScorerFactory"/>).</summary>
    public bool IsFinite =>
        Steps.OfType<ConvStep>().All(c => AllFinite(c.Weight) && AllFinite(c.Bias)) && AllFinite(DenseWeight) && float.IsFinite(DenseBias)
        && (Hidden is null || (AllFinite(Hidden.Weight) && AllFinite(Hidden.Bias)));

    static bool AllFinite(float[] values) => Array.TrueForAll(values, float.IsFinite);

    /// <summary>Reads a window model's layers, or null when its graph is not of the family understood here.</summary>
    public static WindowNetwork? TryRead(byte[] windowModel)
    {
        try
        {
            return Parse(ModelProto.Parser.ParseFrom(windowModel).Graph);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the window model's layers: Transpose(0,2,1), then Conv+Relu / MaxPool(k, stride k) (Dropout and
    /// Identity skipped), then the head — the form genomescan's exporter writes.
    /// </summary>
    static WindowNetwork? Parse(GraphProto graph)
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
        if (steps.Count == 0 || steps[0] is not ConvStep || i >= nodes.Count || nodes[i].OpType != "GlobalMaxPool")
            return null;
        // The head: GlobalMaxPool (‖ GlobalAveragePool of the same input, Concat [max, average]), Flatten,
        // (Gemm → Relu)?, Gemm, Sigmoid.
        var last = nodes[i].Input[0];
        bool average = false;
        if (i + 2 < nodes.Count && nodes[i + 1].OpType == "GlobalAveragePool")
        {
            var concat = nodes[i + 2];
            if (nodes[i + 1].Input[0] != last || concat.OpType != "Concat" || Int(concat, "axis", 0) != 1
                || !concat.Input.SequenceEqual([nodes[i].Output[0], nodes[i + 1].Output[0]]))
                return null;
            average = true;
            i += 2;
        }
        if (++i >= nodes.Count || nodes[i].OpType != "Flatten")
            return null;
        long pooled = ((ConvStep)steps.Last(s => s is ConvStep)).Filters * (average ? 2 : 1);
        HiddenLayer? hidden = null;
        if (i + 2 < nodes.Count && nodes[i + 1].OpType == "Gemm" && nodes[i + 2].OpType == "Relu")
        {
            if (Dense(nodes[i + 1], initializers) is not { } h || h.Weight.Dims[1] != pooled)
                return null;
            hidden = new HiddenLayer(Floats(h.Weight), Floats(h.Bias), h.Weight.Dims[0], h.Weight.Dims[1]);
            pooled = h.Weight.Dims[0];
            i += 2;
        }
        if (i + 2 >= nodes.Count || nodes[i + 1].OpType != "Gemm" || nodes[i + 2].OpType != "Sigmoid"
            || Dense(nodes[i + 1], initializers) is not { } output || output.Weight.Dims[0] != 1 || output.Weight.Dims[1] != pooled)
            return null;
        return new WindowNetwork(steps, Floats(output.Weight), Floats(output.Bias)[0], average, hidden);
    }

    /// <summary>A Gemm node's weight [out, in] (transB) and bias, or null when it is not of that form.</summary>
    static (TensorProto Weight, TensorProto Bias)? Dense(NodeProto gemm, Dictionary<string, TensorProto> initializers) =>
        Int(gemm, "transB", 0) == 1 && Int(gemm, "transA", 0) == 0 && gemm.Input.Count == 3
        && initializers.TryGetValue(gemm.Input[1], out var weight) && initializers.TryGetValue(gemm.Input[2], out var bias)
        && weight.Dims.Count == 2
            ? (weight, bias) : null;

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

