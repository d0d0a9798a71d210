using Google.Protobuf;
using Onnx;

namespace GenomeScan.Scanner.Network;

/// <summary>A thin helper over OnnxSharp's protobuf classes: nodes, float initializers, and a model.</summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>The ONNX opset of every graph genomescan writes (IR version 8).</summary>
    public const int Opset = 17;
    public const int Float = 1;
    public const int Int64 = 7;

    readonly GraphProto graph = new();
    int nodeCount;

    public OnnxGraphBuilder(string name) => graph.Name = name;

    /// <summary>A float tensor input or output; a null dimension is symbolic (<paramref name="symbol"/>).</summary>
    public static ValueInfoProto Value(string name, string symbol, params long?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim is { } d ? new TensorShapeProto.Types.Dimension { DimValue = d } : new TensorShapeProto.Types.Dimension { DimParam = symbol });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = Float, Shape = shape } },
        };
    }

    public void Input(ValueInfoProto value) => graph.Input.Add(value);

    public void Output(ValueInfoProto value) => graph.Output.Add(value);

    public string Initializer(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = Float };
        tensor.Dims.AddRange(dims);
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        tensor.RawData = ByteString.CopyFrom(bytes);
        graph.Initializer.Add(tensor);
        return name;
    }

    public string Initializer(string name, long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>An int64 vector initializer with a generated name (Slice's starts, ends and axes).</summary>
    public string Constant(long[] values) => Initializer($"const_{graph.Initializer.Count}", values);

    /// <summary>Adds a node; returns its (first) output name.</summary>
    public string Node(string opType, string[] inputs, string? output = null, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType.ToLowerInvariant()}_{nodeCount++}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output ?? node.Name);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return node.Output[0];
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public ModelProto Build(int opset, IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "genomescan",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString(3) ?? "0",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        foreach (var (key, value) in metadata)
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }
}
