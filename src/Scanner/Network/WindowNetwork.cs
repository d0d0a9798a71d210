using Google.Protobuf;
using Onnx;

namespace GenomeScan.Scanner.Network;

/// <summary>A layer of a window network read back from its ONNX graph.</summary>
internal abstract record Step;

/// <summary>Conv1D + ReLU: weight [filters, channels, kernel], bias [filters].</summary>
internal sealed record ConvStep(float[] Weight, float[] Bias, long Filters, long Channels, long Kernel) : Step;

/// <summary>MaxPool(size, stride size).</summary>
internal sealed record PoolStep(long Size) : Step;

/// <summary>The layers of a window network, then its dense head (weight over the last filters, bias).</summary>
internal sealed record WindowNetwork(IReadOnlyList<Step> Steps, float[] DenseWeight, float DenseBias)
{
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
    /// Identity skipped), then GlobalMaxPool, Flatten, Gemm (transB) and Sigmoid — the form genomescan's exporter writes.
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
        if (steps.Count == 0 || steps[0] is not ConvStep || i + 3 >= nodes.Count + 0)
            return null;
        if (nodes[i].OpType != "GlobalMaxPool" || nodes[i + 1].OpType != "Flatten" || nodes[i + 2].OpType != "Gemm")
            return null;
        var gemm = nodes[i + 2];
        if (i + 3 >= nodes.Count || nodes[i + 3].OpType != "Sigmoid" || Int(gemm, "transB", 0) != 1 || Int(gemm, "transA", 0) != 0
            || gemm.Input.Count != 3 || !initializers.TryGetValue(gemm.Input[1], out var dense) || !initializers.TryGetValue(gemm.Input[2], out var bias)
            || dense.Dims.Count != 2 || dense.Dims[0] != 1)
            return null;
        return new WindowNetwork(steps, Floats(dense), Floats(bias)[0]);
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

