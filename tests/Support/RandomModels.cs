using GenomeScan.Model.Architectures;
using GenomeScan.Model.Onnx;
using static TorchSharp.torch;

namespace GenomeScan.Tests;

/// <summary>The one random-model fixture: an untrained network of a catalog architecture, exported as ONNX.</summary>
internal static class RandomModels
{
    /// <summary>
    /// A seeded network with random biases and larger weights than Glorot's, so that pooling and ReLU choices
    /// matter and scores spread out; 100-bp windows unless told otherwise.
    /// </summary>
    public static byte[] Create(Architecture arch, long seed, int windowLength = 100)
    {
        random.manual_seed(seed);
        using var net = new ConvNet(arch, 0.2);
        using (no_grad())
            foreach (var p in net.parameters())
                p.add_(randn_like(p) * 0.05);
        net.eval();
        return OnnxExporter.Export(net, windowLength, "{}");
    }
}
