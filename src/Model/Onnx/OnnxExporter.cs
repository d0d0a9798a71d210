using Google.Protobuf;
using GenomeScan.Model.Architectures;
using GenomeScan.Scanner.Network;

namespace GenomeScan.Model.Onnx;

/// <summary>
/// Writes a trained <see cref="ConvNet"/> as the per-window ONNX classifier: input <c>input</c>
/// float32 [batch, L, 4] one-hot (A C G T, the exercise's layout), output <c>probability</c> float32
/// [batch, 1]. Opset 17, IR version 8. Graph: Transpose → (Conv → Relu | MaxPool)* → GlobalMaxPool
/// (‖ GlobalAveragePool, Concat) → Flatten → (Gemm → Relu)? → Gemm → Sigmoid; dropout is left out (the
/// identity at inference). The metadata JSON is
/// stored in the model's metadata_props under <c>genomescan</c> as well as beside it.
/// </summary>
internal static class OnnxExporter
{
    public const int Opset = OnnxGraphBuilder.Opset;
    public const string InputName = "input";
    public const string OutputName = "probability";
    public const string MetadataKey = ModelMetadata.OnnxKey;

    public static byte[] Export(ConvNet net, int windowLength, string metadataJson)
    {
        var architecture = net.Architecture;
        var (convolutions, denseWeight, denseBias) = net.Weights();
        var builder = new OnnxGraphBuilder($"genomescan_{architecture.Name}");
        builder.Input(OnnxGraphBuilder.Value(InputName, "batch", null, windowLength, Architecture.Channels));
        builder.Output(OnnxGraphBuilder.Value(OutputName, "batch", null, 1));

        var x = builder.Node("Transpose", [InputName], "channels_first", OnnxGraphBuilder.Ints("perm", 0, 2, 1));
        int convIndex = 0;
        foreach (var layer in architecture.Layers)
        {
            switch (layer)
            {
                case Conv:
                    var c = convolutions[convIndex];
                    var w = builder.Initializer($"conv{convIndex}.weight", c.Weight, c.Filters, c.Channels, c.Kernel);
                    var b = builder.Initializer($"conv{convIndex}.bias", c.Bias, c.Filters);
                    x = builder.Node("Conv", [x, w, b], $"conv{convIndex}", OnnxGraphBuilder.Ints("kernel_shape", c.Kernel));
                    x = builder.Node("Relu", [x], $"relu{convIndex}");
                    convIndex++;
                    break;
                case MaxPool pool:
                    x = builder.Node("MaxPool", [x], null, OnnxGraphBuilder.Ints("kernel_shape", pool.Size), OnnxGraphBuilder.Ints("strides", pool.Size));
                    break;
            }
        }
        var head = architecture.Head;
        if (head.Average)
        {
            var max = builder.Node("GlobalMaxPool", [x], "pooled_max");
            var average = builder.Node("GlobalAveragePool", [x], "pooled_average");
            x = builder.Node("Concat", [max, average], "pooled", OnnxGraphBuilder.Int("axis", 1));
        }
        else
            x = builder.Node("GlobalMaxPool", [x], "pooled");
        x = builder.Node("Flatten", [x], "features", OnnxGraphBuilder.Int("axis", 1));
        if (net.HiddenWeights() is { } h)
        {
            var hw = builder.Initializer("hidden.weight", h.Weight, h.Units, h.Inputs);
            var hb = builder.Initializer("hidden.bias", h.Bias, h.Units);
            x = builder.Node("Gemm", [x, hw, hb], "hidden", OnnxGraphBuilder.Int("transB", 1));
            x = builder.Node("Relu", [x], "hidden_relu");
        }
        var dw = builder.Initializer("dense.weight", denseWeight, 1, denseWeight.Length);
        var db = builder.Initializer("dense.bias", [denseBias], 1);
        x = builder.Node("Gemm", [x, dw, db], "logit", OnnxGraphBuilder.Int("transB", 1));
        builder.Node("Sigmoid", [x], OutputName);

        var model = builder.Build(Opset, new Dictionary<string, string> { [MetadataKey] = metadataJson });
        return model.ToByteArray();
    }
}
