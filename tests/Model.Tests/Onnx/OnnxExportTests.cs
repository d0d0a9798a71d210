using GenomeScan.Scanner;
using GenomeScan.Formats.Datasets;
using GenomeScan.Model.Architectures;
using GenomeScan.Model.Onnx;
using GenomeScan.Scanner.Network;
using static TorchSharp.torch;

namespace GenomeScan.Model.Tests.Onnx;

[Collection(GenomeScan.Tests.TorchTests.Name)]
public class OnnxExportTests
{
    static float[] RandomOneHot(int count, int length, ulong seed)
    {
        var rng = new SeededRandom(seed);
        var x = new float[count * length * 4];
        for (int i = 0; i < count * length; i++)
        {
            int b = rng.NextInt(5);
            if (b < 4)
                x[i * 4 + b] = 1;
        }
        return x;
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    [InlineData("v4")]
    [InlineData("v5")]
    [InlineData("v6")]
    [InlineData("v7")]
    public void OnnxRuntimeAgreesWithTorchSharp(string name)
    {
        var arch = ArchitectureCatalog.Find(name)!;
        random.manual_seed(11);
        using var net = new ConvNet(arch, 0.2);
        // Random biases too, so a dropped or misplaced bias cannot hide behind Keras' zero init.
        using (no_grad())
            foreach (var p in net.parameters())
                p.add_(randn_like(p) * 0.1);
        net.eval();

        const int count = 64;
        var x = RandomOneHot(count, 100, 3);
        float[] expected;
        using (no_grad())
        using (var input = tensor(x, [count, 100, 4]))
        using (var probabilities = sigmoid(net.forward(input)))
            expected = probabilities.data<float>().ToArray();

        var bytes = OnnxExporter.Export(net, 100, "{}");
        using var model = OnnxWindowClassifier.Load(bytes, "test.onnx", ExecutionDevice.Cpu, 1);
        Assert.Equal(100, model.WindowLength);
        var actual = model.Predict(x, count);
        for (int i = 0; i < count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"{name} window {i}: torch {expected[i]}, onnx {actual[i]}");
        // Not all the same: the comparison means something.
        Assert.True(expected.Max() - expected.Min() > 1e-3);
    }

    [Fact]
    public void ExportedModelCarriesItsMetadata()
    {
        random.manual_seed(2);
        using var net = new ConvNet(V2.Spec, 0.2);
        var json = new ModelMetadata { Name = "genomescan-v2", Arch = "v2", WindowLength = 100 }.ToJson();
        using var model = OnnxWindowClassifier.Load(OnnxExporter.Export(net, 100, json), "m.onnx", ExecutionDevice.Cpu, 1);
        Assert.Equal("v2", model.Metadata?.Arch);
        Assert.Equal("genomescan-v2", model.Name);
    }

    [Fact]
    public void GarbageIsRejectedNamingTheFile()
    {
        var error = Assert.Throws<GenomeScan.Formats.InputException>(() =>
            OnnxWindowClassifier.Load("not a model"u8.ToArray(), "junk.onnx", ExecutionDevice.Cpu, 1));
        Assert.StartsWith("junk.onnx: not a model", error.Message);
    }

    [Fact]
    public void BuiltInModelLoadsAndTakesHundredBasePairWindows()
    {
        using var model = OnnxWindowClassifier.LoadBuiltIn();
        Assert.Equal(100, model.WindowLength);
        Assert.NotNull(model.Metadata);
    }
}
